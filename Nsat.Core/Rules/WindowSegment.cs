namespace Nsat.Rules;

/// <summary>
/// One segment of an STDP window: an update of <c>Sign · modulator · 2^Exponent</c> (rounded toward
/// zero). In exponential mode the exponent also decreases with the spike distance:
/// <c>Exponent − (d &gt;&gt; Slope)</c> (docs/semantics.md §5.2).
/// </summary>
/// <param name="Exponent">Power-of-two scale of the modulator, −31..31 (e.g. −6: 1/64 of it).</param>
/// <param name="Sign">+1 potentiation, −1 depression, 0 no update.</param>
/// <param name="Slope">Shift of the distance in exponential mode (ignored otherwise), −31..31.</param>
public readonly record struct WindowSegment(int Exponent, int Sign, int Slope = 16);
