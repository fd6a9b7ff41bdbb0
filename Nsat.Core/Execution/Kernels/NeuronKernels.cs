using System.Runtime.CompilerServices;
using Nsat.FixedPoint;

namespace Nsat.Execution.Kernels;

/// <summary>
/// Per-neuron kernels of a tick (docs/semantics.md §4). Each is a static method over a neuron index and flat
/// buffers, independent across neurons, so backends may run them in any order or in parallel.
/// </summary>
public static class NeuronKernels
{
    /// <summary>
    /// Phase A3–A6 for neuron j: integrate every state from the committed states, the previous tick's
    /// accumulator, bias and pre-drawn noise; apply refractoriness to state 0; test for a spike on the
    /// unclamped value; clamp. Sets <c>SpikeFlags[j]</c>.
    /// </summary>
    public static void Integrate(int j, in NeuronBuffers b)
    {
        int ns = b.States;
        int g = b.GroupOf[j];
        int xs = j * ns;
        int gs = g * ns;
        int gm = gs * ns;
        var x = b.X;
        var y = b.Y;

        for (int k = 0; k < ns; k++)
        {
            int row = gm + k * ns;
            int v = x[xs + k];
            for (int l = 0; l < ns; l++)
            {
                int a = b.CouplingExponent[row + l];
                if (a != Shift.NoCoupling)
                {
                    v += b.CouplingFactor[row + l] * Shift.Obs(x[xs + l], a);
                }
            }

            v += b.Accumulator[xs + k] + b.Bias[gs + k];
            int sigma = b.Sigma[gs + k];
            if (sigma != 0)
            {
                // One fused multiply-add in double, then truncation (docs/semantics.md §4.1 A3).
                v = TruncateToInt32(Math.FusedMultiplyAdd(sigma, b.Noise[xs + k], v));
            }

            y[xs + k] = v;
        }

        // A4: refractoriness forces state 0 (only if its reset flag is on), then counts down.
        int r = b.Refractory[j];
        if (r > 0)
        {
            if (b.ResetOn[gs])
            {
                y[xs] = b.ResetValue[gs];
            }

            r--;
        }

        // A5: threshold test on the unclamped value, after the decrement.
        byte spiked = 0;
        if (r == 0)
        {
            int y0 = y[xs];
            bool fire = b.AdaptiveThreshold[g] ? y0 >= y[xs + 1] : y0 >= b.Threshold[g];
            if (fire)
            {
                spiked = 1;
                r = b.RefractoryPeriod[g];
            }
        }

        b.Refractory[j] = r;
        b.SpikeFlags[j] = spiked;

        // A6: clamp every state.
        for (int k = 0; k < ns; k++)
        {
            y[xs + k] = Saturation.Clamp(y[xs + k], b.LowerBound[gs + k], b.UpperBound[gs + k]);
        }
    }

    /// <summary>
    /// Phase C2 for neuron j: scale the accumulated input by the gain exponent (round toward zero)
    /// and saturate to 16 bits.
    /// </summary>
    public static void ApplyGain(int j, in NeuronBuffers b)
    {
        int ns = b.States;
        int xs = j * ns;
        int gs = b.GroupOf[j] * ns;
        for (int k = 0; k < ns; k++)
        {
            b.Accumulator[xs + k] = Saturation.To16(Shift.Zbs(b.Accumulator[xs + k], b.WeightGain[gs + k]));
        }
    }

    /// <summary>
    /// Phase C4–C5 for a neuron that spiked this tick: reset (or increment) each state, then clamp.
    /// Non-spiking neurons need no C5 clamp: they were clamped in A6 and nothing changed them since.
    /// </summary>
    public static void Reset(int j, in NeuronBuffers b)
    {
        int ns = b.States;
        int xs = j * ns;
        int gs = b.GroupOf[j] * ns;
        for (int k = 0; k < ns; k++)
        {
            int v = b.ResetOn[gs + k] ? b.ResetValue[gs + k] : b.Y[xs + k] + b.SpikeIncrement[gs + k];
            b.Y[xs + k] = Saturation.Clamp(v, b.LowerBound[gs + k], b.UpperBound[gs + k]);
        }
    }

    /// <summary>
    /// Double → int32 by truncation toward zero with the x86 cvttsd2si result for NaN and
    /// out-of-range values (int.MinValue); .NET's own cast saturates instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TruncateToInt32(double d) =>
        d > -2147483649.0 && d < 2147483648.0 ? (int)d : int.MinValue;
}
