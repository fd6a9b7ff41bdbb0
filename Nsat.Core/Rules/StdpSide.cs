namespace Nsat.Rules;

/// <summary>
/// One side (causal or acausal) of a piecewise STDP window, as distances |d| ≥ 1 between the pre
/// and post spikes: <see cref="Near"/> for |d| &lt; <see cref="NearEnd"/>, <see cref="Mid"/> for
/// NearEnd ≤ |d| &lt; <see cref="MidEnd"/>, <see cref="Far"/> for MidEnd ≤ |d| &lt; the rule's horizon.
/// </summary>
/// <param name="NearEnd">End (exclusive) of the near segment.</param>
/// <param name="MidEnd">End (exclusive) of the middle segment.</param>
/// <param name="Near">Update of the near segment.</param>
/// <param name="Mid">Update of the middle segment.</param>
/// <param name="Far">Update of the far segment.</param>
public sealed record StdpSide(int NearEnd, int MidEnd, WindowSegment Near, WindowSegment Mid, WindowSegment Far);
