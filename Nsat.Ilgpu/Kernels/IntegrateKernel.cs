using ILGPU;
using Nsat.Random;

namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// Phase A3–A6 of every neuron of every copy (docs/semantics.md §4.1), as NeuronKernels.Integrate: the
/// states from the committed states, coupling, the last tick's accumulator, bias and noise; refractoriness;
/// the threshold test on the unclamped value; the clamp. Noise (counter mode only) is drawn in place:
/// (j, k) takes draws 2k and 2k + 1 of unit j in phase <see cref="DrawPhase.Noise"/> and looks z0 up in the
/// uploaded Box–Muller table, so the device never computes a logarithm or a cosine, and adds sigma·z0
/// with the single rounding of the scalar kernel's fused multiply-add (<see cref="ExactNoise"/>).
/// </summary>
public static class IntegrateKernel
{
    /// <summary>Grid-stride over (copy, neuron).</summary>
    /// <param name="thread">This thread.</param>
    /// <param name="n">The network.</param>
    /// <param name="s">The state.</param>
    /// <param name="tick">The tick in progress.</param>
    /// <param name="copies">Copies.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Run(Index1D thread, ChipTables n, ChipState s, int tick, int copies, int threads)
    {
        long total = (long)copies * n.NeuronTotal;
        for (long i = thread; i < total; i += threads)
        {
            int copy = (int)(i / n.NeuronTotal);
            int gj = (int)(i - ((long)copy * n.NeuronTotal));
            Integrate(n, s, tick, copy, gj);
        }
    }

    private static void Integrate(ChipTables n, ChipState s, int tick, int copy, int gj)
    {
        int c = n.NeuronCore[gj];
        int ns = n.Core(c, CoreField.States);
        int j = gj - n.Core(c, CoreField.NeuronBase);
        int g = n.NeuronGroup[gj];
        int xs = (copy * n.StateTotal) + n.Core(c, CoreField.StateBase) + (j * ns);
        int gs = n.Core(c, CoreField.GroupStateBase) + (g * ns);
        int gm = n.Core(c, CoreField.CouplingBase) + (g * ns * ns);
        int gr = (n.Core(c, CoreField.GroupBase) + g) * GroupField.Count;
        var x = s.X;
        var y = s.Y;

        for (int k = 0; k < ns; k++)
        {
            int row = gm + (k * ns);
            int v = x[xs + k];
            for (int l = 0; l < ns; l++)
            {
                int a = n.Coupling[(2 * (row + l)) + 0];
                if (a != DeviceMath.NoCoupling)
                {
                    v += n.Coupling[(2 * (row + l)) + 1] * DeviceMath.Obs(x[xs + l], a);
                }
            }

            int gsk = (gs + k) * GroupStateField.Count;
            v += s.Accumulator[xs + k] + n.GroupStates[gsk + GroupStateField.Bias];
            int sigma = n.GroupStates[gsk + GroupStateField.Sigma];
            if (sigma != 0 && n.CounterMode != 0)
            {
                int seed = n.Seeds[copy];
                uint r1 = 1 + DeviceMath.Draw(99, seed, tick, c, DrawPhase.Noise, j, 2 * k);
                uint r2 = DeviceMath.Draw(100, seed, tick, c, DrawPhase.Noise, j, (2 * k) + 1);
                int z = (int)(((r1 - 1) * 100) + r2);
                v = ExactNoise.AddScaled(v, sigma, n.NoiseMantissa[z], n.NoiseExponent[z]);
            }

            y[xs + k] = v;
        }

        int rj = (copy * n.NeuronTotal) + gj;
        int r = s.Refractory[rj];
        int gs0 = gs * GroupStateField.Count;
        if (r > 0)
        {
            if (n.GroupStates[gs0 + GroupStateField.ResetOn] != 0)
            {
                y[xs] = n.GroupStates[gs0 + GroupStateField.ResetValue];
            }

            r--;
        }

        int spiked = 0;
        if (r == 0)
        {
            int y0 = y[xs];
            bool fire = n.Groups[gr + GroupField.AdaptiveThreshold] != 0 ? y0 >= y[xs + 1] : y0 >= n.Groups[gr + GroupField.Threshold];
            if (fire)
            {
                spiked = 1;
                r = n.Groups[gr + GroupField.RefractoryPeriod];
            }
        }

        s.Refractory[rj] = r;
        s.SpikeFlags[rj] = spiked;

        for (int k = 0; k < ns; k++)
        {
            int gsk = (gs + k) * GroupStateField.Count;
            y[xs + k] = DeviceMath.Clamp(y[xs + k], n.GroupStates[gsk + GroupStateField.LowerBound], n.GroupStates[gsk + GroupStateField.UpperBound]);
        }
    }
}
