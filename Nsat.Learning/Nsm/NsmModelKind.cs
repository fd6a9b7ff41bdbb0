namespace Nsat.Learning.Nsm;

/// <summary>Which binary stochastic network <see cref="NsmTrainer"/> trains.</summary>
public enum NsmModelKind
{
    /// <summary>Neural Sampling Machine: sign units driven through blank-out synapses (<see cref="NsmNetwork"/>).</summary>
    Nsm,

    /// <summary>The stochastic sigmoid network baseline of the papers, without biases (<see cref="StnnNetwork"/>).</summary>
    Stnn,
}
