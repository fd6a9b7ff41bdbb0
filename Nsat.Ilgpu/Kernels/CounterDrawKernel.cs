using ILGPU;
using Nsat.Random;

namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// Bounded counter draws on the device: draw i of a launch is <see cref="CounterDraw.Bounded"/> at
/// (seed, tick, core, phase, unit first + i, index), the same value the CPU computes for that place.
/// Grid-stride: any thread count covers every draw.
/// </summary>
public static class CounterDrawKernel
{
    /// <summary>Fills <paramref name="output"/>: thread <paramref name="thread"/> of <paramref name="threads"/> takes draws thread, thread + threads, ….</summary>
    /// <param name="thread">This thread's index.</param>
    /// <param name="output">One draw per unit.</param>
    /// <param name="place">Where the draws are made.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Run(Index1D thread, ArrayView<uint> output, DrawPlace place, int threads)
    {
        for (long i = thread; i < output.Length; i += threads)
        {
            ulong bits = CounterDraw.BitsUnchecked(place.Seed, place.Tick, place.Core, place.Phase, place.FirstUnit + (int)i, place.Index);
            output[i] = CounterDraw.Scale(bits, place.Bound);
        }
    }
}

/// <summary>Where a launch of <see cref="CounterDrawKernel"/> draws: every coordinate but the unit, which is the draw's.</summary>
/// <param name="Seed">The run's seed.</param>
/// <param name="Tick">Tick.</param>
/// <param name="Core">Core.</param>
/// <param name="Phase">Phase, 0..15.</param>
/// <param name="FirstUnit">Unit of draw 0.</param>
/// <param name="Index">Which of each unit's draws.</param>
/// <param name="Bound">Draws are in [0, Bound), Bound ≥ 1.</param>
public readonly record struct DrawPlace(int Seed, int Tick, int Core, int Phase, int FirstUnit, int Index, uint Bound);
