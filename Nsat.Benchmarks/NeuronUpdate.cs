using System.Diagnostics;
using System.Globalization;
using Nsat.Execution;
using Nsat.Execution.Kernels;
using Nsat.Image;

namespace Nsat.Benchmarks;

/// <summary>
/// The neuron update of phase A (A3–A6) alone: the vector kernel (<see cref="SimdNeuronKernels"/>, what
/// the fast backend runs) against the scalar kernel (<see cref="NeuronKernels.Integrate"/>, one neuron at
/// a time: the plain-loop baseline), alternately in one process, on the cores of bench_a, bench_b and the
/// eRBP 784-100-10 network, from the same random states. Both results are compared before timing.
/// </summary>
internal static class NeuronUpdate
{
    /// <summary>Prints one row per core: nanoseconds per update of all its neurons, best of eleven series each.</summary>
    public static int Run()
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, .NET {Environment.Version}; best of 11 series each, alternating");
        Console.WriteLine("| core | neurons | group runs | vector kernel (ns per tick) | scalar kernel (ns per tick) | speed-up |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, core) in Cores())
        {
            var vector = Prepare(core);
            var scalar = Prepare(core);
            var runs = GroupRun.Build(core);
            var vb = new NeuronBuffers(vector);
            var sb = new NeuronBuffers(scalar);
            Vector(runs, vb);
            Scalar(core.Neurons, sb);
            if (!vector.Y.AsSpan().SequenceEqual(scalar.Y) || !vector.SpikeFlags.AsSpan().SequenceEqual(scalar.SpikeFlags))
            {
                Console.Error.WriteLine($"{name}: the vector kernel's states differ from the scalar kernel's");
                return 1;
            }

            // About 20 ms per series of the vector kernel.
            int reps = Math.Max(100, 20_000_000 / (core.Neurons * 2));
            double v = double.MaxValue, s = double.MaxValue;
            for (int i = 0; i < 11; i++)
            {
                v = Math.Min(v, Time(reps, () => Vector(runs, vb)));
                s = Math.Min(s, Time(reps, () => Scalar(core.Neurons, sb)));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {core.Neurons} | {runs.Length} | {v:F0} | {s:F0} | {s / v:F1}x |"));
        }

        return 0;
    }

    private static IEnumerable<(string Name, CoreImage Core)> Cores()
    {
        foreach (string name in new[] { "bench_a_1core", "bench_b_1core_stdp" })
        {
            var files = Description.Reference.ReferenceFileSet.Detect(BenchData.Dir(name));
            yield return (name, ImageCompiler.Compile(Description.Reference.ReferenceLoader.Load(files)).Cores[0]);
        }

        var erbp = Learning.Erbp.ErbpNetwork.Build([784, 100, 10], new Learning.Erbp.ErbpOptions());
        yield return ("eRBP 784-100-10", ImageCompiler.Compile(erbp.Template).Cores[0]);
    }

    /// <summary>A core state with seeded random committed states and accumulator (spiking and silent neurons both).</summary>
    private static CoreState Prepare(CoreImage core)
    {
        var state = new CoreState(core);
        var r = new System.Random(1);
        for (int i = 0; i < state.X.Length; i++)
        {
            state.X[i] = r.Next(-3000, 3000);
            state.Accumulator[i] = r.Next(-300, 300);
        }

        return state;
    }

    private static void Vector(GroupRun[] runs, NeuronBuffers b)
    {
        foreach (var run in runs)
        {
            SimdNeuronKernels.IntegrateRange(run, run.First, run.First + run.Count, b);
        }
    }

    private static void Scalar(int neurons, NeuronBuffers b)
    {
        for (int j = 0; j < neurons; j++)
        {
            NeuronKernels.Integrate(j, b);
        }
    }

    private static double Time(int reps, Action update)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < reps; i++)
        {
            update();
        }

        return sw.Elapsed.TotalMilliseconds * 1e6 / reps;
    }
}
