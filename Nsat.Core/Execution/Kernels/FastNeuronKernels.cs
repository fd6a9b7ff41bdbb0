using System.Runtime.CompilerServices;
using Nsat.FixedPoint;

namespace Nsat.Execution.Kernels;

/// <summary>
/// Phase A3–A6 over a <see cref="GroupRun"/>: the same arithmetic as
/// <see cref="NeuronKernels.Integrate"/>, with the group's parameters in locals, only the existing
/// coupling terms, branch-free obs, and no bounds checks. Must stay bit-exact with the scalar kernel
/// (checked on every golden vector by the backend conformance tests).
/// </summary>
public static unsafe class FastNeuronKernels
{
    /// <summary>
    /// Phase C4–C5 for each neuron of <paramref name="spikes"/> (every one spiked this tick):
    /// <see cref="NeuronKernels.Reset"/> with the buffers pinned once, no bounds checks, and the neuron's
    /// group parameters read through one offset. Indices must be below the neuron count.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ResetAll(ReadOnlySpan<int> spikes, in NeuronBuffers b)
    {
        int ns = b.States;
        System.Diagnostics.Debug.Assert(b.ResetOn.Length == b.ResetValue.Length);
        fixed (int* y = b.Y, resetValue = b.ResetValue, increment = b.SpikeIncrement, low = b.LowerBound, up = b.UpperBound)
        fixed (bool* resetOn = b.ResetOn)
        fixed (byte* groupOf = b.GroupOf)
        {
            foreach (int j in spikes)
            {
                int* yj = y + (j * ns);
                int gs = groupOf[j] * ns;
                for (int k = 0; k < ns; k++)
                {
                    int v = resetOn[gs + k] ? resetValue[gs + k] : yj[k] + increment[gs + k];
                    yj[k] = Saturation.Clamp(v, low[gs + k], up[gs + k]);
                }
            }
        }
    }

    /// <summary>Integrates every neuron of the run; sets their spike flags.</summary>
    public static void IntegrateRun(GroupRun run, in NeuronBuffers b) => IntegrateRange(run, run.First, run.First + run.Count, b);

    /// <summary>Integrates neurons [first, end) of the run; sets their spike flags.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void IntegrateRange(GroupRun run, int first, int end, in NeuronBuffers b)
    {
        System.Diagnostics.Debug.Assert(first >= run.First && end <= run.First + run.Count);
        int ns = b.States;
        int gs = run.Group * ns;
        int terms = run.TermTarget.Length;
        int threshold = b.Threshold[run.Group];
        int tRef = b.RefractoryPeriod[run.Group];
        bool adaptive = b.AdaptiveThreshold[run.Group];
        bool reset0 = b.ResetOn[gs];
        int resetValue0 = b.ResetValue[gs];
        bool noise = run.HasNoise;
        int* v = stackalloc int[ns];
        fixed (int* x = b.X, y = b.Y, acm = b.Accumulator, refr = b.Refractory)
        fixed (int* bias = &b.Bias[gs], low = &b.LowerBound[gs], up = &b.UpperBound[gs], sigma = &b.Sigma[gs])
        fixed (int* tk = run.TermTarget, tl = run.TermSource, ta = run.TermExponent, tf = run.TermFactor)
        fixed (byte* flags = b.SpikeFlags)
        fixed (double* z = b.Noise)
        {
            for (int j = first; j < end; j++)
            {
                int xs = j * ns;
                int* xj = x + xs;
                for (int k = 0; k < ns; k++)
                {
                    v[k] = xj[k] + acm[xs + k] + bias[k];
                }

                for (int t = 0; t < terms; t++)
                {
                    v[tk[t]] += tf[t] * Obs(xj[tl[t]], ta[t]);
                }

                if (noise)
                {
                    for (int k = 0; k < ns; k++)
                    {
                        if (sigma[k] != 0)
                        {
                            v[k] = NeuronKernels.TruncateToInt32(Math.FusedMultiplyAdd(sigma[k], z[xs + k], v[k]));
                        }
                    }
                }

                int r = refr[j];
                if (r > 0)
                {
                    if (reset0)
                    {
                        v[0] = resetValue0;
                    }

                    r--;
                }

                byte spiked = 0;
                if (r == 0 && v[0] >= (adaptive ? v[1] : threshold))
                {
                    spiked = 1;
                    r = tRef;
                }

                refr[j] = r;
                flags[j] = spiked;
                int* yj = y + xs;
                for (int k = 0; k < ns; k++)
                {
                    int s = v[k];
                    s = s < low[k] ? low[k] : s;
                    yj[k] = s > up[k] ? up[k] : s;
                }
            }
        }
    }

    /// <summary>obs for an exponent above −16 (branch-free toward-zero shift for negative exponents).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Obs(int x, int a)
    {
        if (a >= 0)
        {
            return x << a;
        }

        int n = -a;
        // Toward zero: bias negative x by 2^n − 1 before the arithmetic shift.
        int q = (x + ((x >> 31) & ((1 << n) - 1))) >> n;
        // A zero quotient of a nonzero x becomes sign(x).
        return q != 0 ? q : (x >> 31) | (int)((uint)-x >> 31);
    }
}
