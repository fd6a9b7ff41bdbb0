using Nsat.Validation;

namespace Nsat.Model;

/// <summary>Unit i onto neuron i, every synapse with the same weight.</summary>
/// <param name="Weight">Initial weight.</param>
public sealed record OneToOneConnectivity(int Weight) : Connectivity
{
    /// <inheritdoc/>
    public override long MaxSynapses(int pre, int post) => Math.Min(pre, post);

    /// <inheritdoc/>
    public override void Check(int pre, int post, string file, string path)
    {
        if (pre != post)
        {
            Guard.Fail(file, path + ".one_to_one", $"joins {pre} units to {post} neurons; one-to-one needs populations of the same size");
        }
    }

    /// <inheritdoc/>
    public override void Generate(int pre, int post, Action<int, int, int> add)
    {
        for (int i = 0; i < pre; i++)
        {
            add(i, i, Weight);
        }
    }
}
