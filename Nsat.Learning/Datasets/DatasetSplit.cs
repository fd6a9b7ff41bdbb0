namespace Nsat.Learning.Datasets;

/// <summary>A training set and a test set of images of the same size.</summary>
/// <param name="Train">Images to learn from.</param>
/// <param name="Test">Images to measure on.</param>
public sealed record DatasetSplit(Dataset Train, Dataset Test);
