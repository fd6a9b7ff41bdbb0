namespace Nsat.Rules;

/// <summary>
/// Modulated, piecewise STDP (docs/semantics.md §5). Pre-before-post pairs (causal, d = t_post − t_pre &gt; 0)
/// are evaluated when the pre unit spikes again or at the core's horizon T after its last spike,
/// scaled by the post neuron's modulator sampled right after its last spike. Post-before-pre pairs
/// (acausal) are applied at every pre spike, scaled by the live modulator state.
/// </summary>
/// <param name="Horizon">tstdp: pairs with |d| ≥ Horizon get no update.</param>
/// <param name="Causal">The causal side (d &gt; 0).</param>
/// <param name="Acausal">The acausal side (d &lt; 0), by distance |d|.</param>
/// <param name="Exponential">Exponential mode: the exponent decays with d (see <see cref="WindowSegment"/>).</param>
public sealed record StdpRule(int Horizon, StdpSide Causal, StdpSide Acausal, bool Exponential = false) : LearningRule;
