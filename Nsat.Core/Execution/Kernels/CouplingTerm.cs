using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nsat.Execution.Kernels;

/// <summary>
/// One coupling term of a run, factor · obs(x_source, a) added to the target state, with what the
/// vector neuron update needs of it precomputed: whether it exists, the shift's direction and size, the
/// rounding mask of a right shift and the factor in every lane (a multiply: wrapping like the scalar
/// product, and one instruction where a branch on ±1 cost two in the loop).
/// </summary>
internal readonly struct CouplingTerm
{
    private readonly Vector256<int> _round;
    private readonly Vector256<int> _factor;
    private readonly int _shift;
    private readonly bool _left;

    /// <summary>The term with exponent <paramref name="a"/> (−16 &lt; a ≤ 31) and factor <paramref name="factor"/>.</summary>
    public CouplingTerm(int a, int factor)
    {
        IsOn = true;
        _left = a >= 0;
        _shift = _left ? a : -a;
        _round = Vector256.Create(_left ? 0 : (1 << _shift) - 1);
        _factor = Vector256.Create(factor);
    }

    /// <summary>True when the run has this term (a default term is off).</summary>
    public bool IsOn { get; }

    /// <summary>factor · obs(x, a) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Of(Vector256<int> x) =>
        (_left ? Vector256.ShiftLeft(x, _shift) : SimdNeuronKernels.ShiftRightTowardZero(x, _shift, _round)) * _factor;
}

/// <summary>The four possible coupling terms of a two-state run, Tkl from state l into state k; absent ones are off.</summary>
internal readonly struct TwoStateCoupling
{
    /// <summary>Collects the terms given as parallel arrays (target, source, exponent, factor), each (k, l) at most once.</summary>
    public TwoStateCoupling(int[] target, int[] source, int[] exponent, int[] factor)
    {
        for (int t = 0; t < target.Length; t++)
        {
            if (target[t] > 1 || source[t] > 1)
            {
                continue; // not a two-state run: the vector update does not use these
            }

            var term = new CouplingTerm(exponent[t], factor[t]);
            switch ((target[t] * 2) + source[t])
            {
                case 0: T00 = term; break;
                case 1: T01 = term; break;
                case 2: T10 = term; break;
                default: T11 = term; break;
            }
        }
    }

    /// <summary>State 0 from state 0.</summary>
    public CouplingTerm T00 { get; }

    /// <summary>State 0 from state 1.</summary>
    public CouplingTerm T01 { get; }

    /// <summary>State 1 from state 0.</summary>
    public CouplingTerm T10 { get; }

    /// <summary>State 1 from state 1.</summary>
    public CouplingTerm T11 { get; }
}
