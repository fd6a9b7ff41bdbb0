using System.Collections.Immutable;
using Nsat.Model;

namespace Nsat.Learning.Erbp;

/// <summary>The populations and feed-forward projections of an <see cref="ErbpNetwork"/>'s model.</summary>
/// <param name="Data">The data input units.</param>
/// <param name="Labels">The label input units, one per class.</param>
/// <param name="Hidden">The hidden layers, in order.</param>
/// <param name="Output">The output neurons.</param>
/// <param name="ErrorPlus">E+ (label − output).</param>
/// <param name="ErrorMinus">E− (output − label).</param>
/// <param name="FeedForward">The feed-forward projections, layer 1 first.</param>
public sealed record ModelParts(
    InputPopulation Data,
    InputPopulation Labels,
    ImmutableArray<NeuronPopulation> Hidden,
    NeuronPopulation Output,
    NeuronPopulation ErrorPlus,
    NeuronPopulation ErrorMinus,
    ImmutableArray<Projection> FeedForward);
