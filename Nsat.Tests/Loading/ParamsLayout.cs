namespace Nsat.Tests.Loading;

/// <summary>Byte offsets of fields of core 0 in a single-core params file (docs/reference-format.md §3).</summary>
internal sealed class ParamsLayout
{
    public const int NumCores = 0;
    public const int IsRoutingOn = 5;
    public const int Ticks = 6;
    public const int SynPrecision = 21;
    public const int CoreStart = 25;
    public const int NumInputs = CoreStart + 3;
    public const int NumNeurons = CoreStart + 7;
    public const int NumStates = CoreStart + 11;
    public const int NumGroups = CoreStart + 15;
    public const int NumLearningGroups = CoreStart + 19;
    public const int Timestamp = CoreStart + 23;
    public const int NumSynRec = CoreStart + 27;

    public ParamsLayout(VectorFiles v)
    {
        Ns = v.ReadInt("sim_params.dat", NumStates);
        Nn = v.ReadInt("sim_params.dat", NumNeurons);
        Groups = v.ReadInt("sim_params.dat", NumGroups);
        Group0 = NumSynRec + 4 + 4 * v.ReadInt("sim_params.dat", NumSynRec);
        int groupSize = 29 + 33 * Ns + 8 * Ns * Ns;
        AfterGroups = Group0 + Groups * groupSize;
        NRec = AfterGroups + 4 * Nn * Ns;
        Learning = NRec + 4 + 4 * v.ReadInt("sim_params.dat", NRec);
    }

    public int Ns { get; }

    public int Nn { get; }

    public int Groups { get; }

    /// <summary>Start of neuron group 0.</summary>
    public int Group0 { get; }

    /// <summary>Start of x_init.</summary>
    public int AfterGroups { get; }

    /// <summary>Offset of n_rec.</summary>
    public int NRec { get; }

    /// <summary>Start of the learning section (tstdpmax) when learning is on.</summary>
    public int Learning { get; }

    public int TRef => Group0 + 16;

    public int ModgState => Group0 + 20;

    public int Prob => Group0 + 24;

    public int A => Prob + 4 * Ns;

    public int IsXResetOn => A + 8 * Ns * Ns + 12 * Ns; // after sF, b, x_reset, x_thlow

    public int IsFlagXth => IsXResetOn + Ns + 12 * Ns;

    public int WGain => IsFlagXth + 5;

    public int LearningGroup0 => Learning + 4;
}
