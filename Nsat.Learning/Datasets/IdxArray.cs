namespace Nsat.Learning.Datasets;

/// <summary>
/// The content of one IDX file of unsigned bytes: its dimensions (the first is the sample count) and
/// its data, row-major, <c>Π dims</c> bytes.
/// </summary>
/// <param name="Dims">Dimensions from the header, each at least 1.</param>
/// <param name="Data">The bytes after the header, exactly the product of <paramref name="Dims"/>.</param>
public sealed record IdxArray(IReadOnlyList<int> Dims, ReadOnlyMemory<byte> Data)
{
    /// <summary>Number of samples: the first dimension.</summary>
    public int Count => Dims[0];
}
