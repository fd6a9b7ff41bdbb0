namespace Nsat.Image;

/// <summary>
/// CSR synapse lists of one presynaptic population (inputs or neurons) of a core. List
/// <c>unit·ns + k</c> holds the synapses of presynaptic unit <c>unit</c> onto target state k, in the
/// reference's list order (reverse pointer-table order, docs/reference-format.md §5.2). 6 bytes per synapse: a 16-bit
/// post-neuron index (nn ≤ 2048) and a 32-bit weight-memory cell index (shared cells allowed).
/// </summary>
public sealed class SynapseTable
{
    internal SynapseTable(int units, int states, int[] offsets, ushort[] post, int[] cell, byte[] listProbability)
    {
        Units = units;
        States = states;
        Offsets = offsets;
        Post = post;
        Cell = cell;
        ListProbability = listProbability;
    }

    /// <summary>Number of presynaptic units.</summary>
    public int Units { get; }

    /// <summary>States per neuron of the core.</summary>
    public int States { get; }

    /// <summary>List boundaries: list L is <c>[Offsets[L], Offsets[L+1])</c>; length units·ns + 1.</summary>
    public int[] Offsets { get; }

    /// <summary>Post-synaptic neuron of each synapse.</summary>
    public ushort[] Post { get; }

    /// <summary>Weight-memory cell of each synapse.</summary>
    public int[] Cell { get; }

    /// <summary>
    /// Transmission probability used for each whole list: the <c>prob[k]</c> of the group of the post
    /// neuron of the list's first synapse (docs/semantics.md §4.3 C1); 15 for empty lists.
    /// </summary>
    public byte[] ListProbability { get; }

    private ListRun[]? _listRuns;

    /// <summary>
    /// Per list: its <see cref="ListRun"/>, with step +1 when each synapse's post neuron and cell are those
    /// of the one before plus one, −1 when both are one less (a dense layer's list, stored in reverse file
    /// order), else 0. Lists of fewer than two synapses have step 0. Computed on first use (fast backends
    /// read a contiguous run of weights and accumulator entries as vectors).
    /// </summary>
    internal ListRun[] ListRuns => _listRuns ??= ComputeListRuns();

    private ListRun[] ComputeListRuns()
    {
        var runs = new ListRun[Offsets.Length - 1];
        for (int l = 0; l < runs.Length; l++)
        {
            int start = Offsets[l], end = Offsets[l + 1];
            if (end == start)
            {
                continue;
            }

            int step = end - start < 2 ? 0 : Post[start + 1] - Post[start];
            bool shaped = step is 1 or -1;
            for (int s = start + 1; s < end && shaped; s++)
            {
                shaped = Post[s] - Post[s - 1] == step && Cell[s] - Cell[s - 1] == step;
            }

            runs[l] = new ListRun(shaped ? step : 0, Post[start], Cell[start]);
        }

        return runs;
    }

    /// <summary>Total number of synapses.</summary>
    public int Count => Post.Length;

    /// <summary>Index of the list of (unit, state).</summary>
    public int ListIndex(int unit, int state) => unit * States + state;

    /// <summary>Number of synapses of a unit summed over all target states (its fan-out).</summary>
    public int FanOut(int unit) => Offsets[(unit + 1) * States] - Offsets[unit * States];
}
