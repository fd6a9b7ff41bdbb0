using Nsat.Description.Building;
using Nsat.Execution;
using Nsat.Execution.Kernels;
using Nsat.Image;

namespace Nsat.Tests;

/// <summary>
/// The AVX2 neuron kernels against the scalar kernels of <see cref="NeuronKernels"/>, one phase at a
/// time, on random parameters and states chosen to reach every edge: coupling exponents from −15 to
/// +31 (left shifts that overflow and wrap), large factors, states and accumulators anywhere in the
/// 32-bit range, inverted bounds, refractory counters, adaptive thresholds and run lengths that leave a
/// scalar tail.
/// </summary>
public sealed class SimdNeuronKernelTests
{
    public static IEnumerable<TestCaseData> Seeds() =>
        Enumerable.Range(1, 60).Select(s => new TestCaseData(s).SetName($"Random neurons {s}"));

    [TestCaseSource(nameof(Seeds))]
    public void Integration_matches_the_scalar_kernel(int seed)
    {
        Assume.That(SimdNeuronKernels.IsSupported, "AVX2 is not available on this machine");
        var r = new System.Random(seed);
        int ns = 1 + (seed % 2);
        var img = RandomCore(r, ns, noise: false);
        var (scalar, vector) = AfterTheScalarKernel(r, img, NeuronKernels.Integrate);

        var b = new NeuronBuffers(vector);
        var listing = new CoreState(img);
        Array.Copy(vector.X, listing.X, vector.X.Length);
        Array.Copy(vector.Accumulator, listing.Accumulator, vector.Accumulator.Length);
        Array.Copy(vector.Refractory, listing.Refractory, vector.Refractory.Length);
        var spikes = new IntList();
        spikes.Add(-1); // the list is appended to, not replaced
        foreach (var run in GroupRun.Build(img))
        {
            Assert.That(SimdNeuronKernels.CanIntegrate(run, ns), Is.True);
            SimdNeuronKernels.IntegrateRange(run, run.First, run.First + run.Count, b);
            SimdNeuronKernels.IntegrateRange(run, run.First, run.First + run.Count, new NeuronBuffers(listing), spikes);
        }

        int[] fired = [-1, .. Enumerable.Range(0, img.Neurons).Where(j => scalar.SpikeFlags[j] != 0)];
        Assert.Multiple(() =>
        {
            Assert.That(vector.Y, Is.EqualTo(scalar.Y), "tentative states");
            Assert.That(vector.Refractory, Is.EqualTo(scalar.Refractory), "refractory counters");
            Assert.That(vector.SpikeFlags, Is.EqualTo(scalar.SpikeFlags), "spike flags");
            Assert.That(listing.Y, Is.EqualTo(scalar.Y), "tentative states (listing the spikes)");
            Assert.That(listing.SpikeFlags, Is.EqualTo(scalar.SpikeFlags), "spike flags (listing the spikes)");
            Assert.That(spikes.Span.ToArray(), Is.EqualTo(fired), "the spikes listed, ascending, after what the list held");
        });
    }

    [TestCaseSource(nameof(Seeds))]
    public void Runs_of_the_scalar_kernel_list_their_spikes_too(int seed)
    {
        // Noise, or three or four states: the range goes through the scalar kernel, and its spikes are read from the flags.
        var r = new System.Random(seed);
        int ns = seed % 3 == 0 ? 2 : 3 + (seed % 2);
        var img = RandomCore(r, ns, noise: ns == 2);
        var (scalar, listing) = AfterTheScalarKernel(r, img, NeuronKernels.Integrate);

        var spikes = new IntList();
        foreach (var run in GroupRun.Build(img))
        {
            Assert.That(SimdNeuronKernels.CanIntegrate(run, ns), Is.False);
            SimdNeuronKernels.IntegrateRange(run, run.First, run.First + run.Count, new NeuronBuffers(listing), spikes);
        }

        Assert.Multiple(() =>
        {
            Assert.That(listing.Y, Is.EqualTo(scalar.Y), "tentative states");
            Assert.That(spikes.Span.ToArray(), Is.EqualTo(Enumerable.Range(0, img.Neurons).Where(j => scalar.SpikeFlags[j] != 0).ToArray()), "the spikes listed");
        });
    }

    [TestCaseSource(nameof(Seeds))]
    public void A_two_state_range_with_a_partial_last_group_touches_only_its_neurons(int seed)
    {
        Assume.That(SimdNeuronKernels.IsSupported, "AVX2 is not available on this machine");
        var r = new System.Random(seed);
        var img = RandomCore(r, 2, noise: false);
        var scalar = new CoreState(img);
        var vector = new CoreState(img);
        Randomize(r, scalar, vector);
        var run = GroupRun.Build(img).MaxBy(g => g.Count)!;
        // A range inside the run that ends in a partial group of eight, followed by neurons of the same arrays
        // (another part's, when a core is split across threads) whose values must stay as they are.
        int first = run.First + r.Next(0, Math.Min(8, run.Count));
        int end = Math.Min(run.First + run.Count, first + (8 * r.Next(0, 4)) + r.Next(1, 8));
        Assume.That(end > first);
        Array.Fill(vector.Y, 0x5A5A5A5A);
        Array.Fill(vector.SpikeFlags, (byte)1);
        var y = (int[])vector.Y.Clone();
        var refractory = (int[])vector.Refractory.Clone();
        var flags = (byte[])vector.SpikeFlags.Clone();

        var a = new NeuronBuffers(scalar);
        for (int j = first; j < end; j++)
        {
            NeuronKernels.Integrate(j, a);
        }

        var spikes = new IntList();
        SimdNeuronKernels.IntegrateRange(run, first, end, new NeuronBuffers(vector), spikes);
        Assert.Multiple(() =>
        {
            Assert.That(spikes.Span.ToArray(), Is.EqualTo(Enumerable.Range(first, end - first).Where(j => scalar.SpikeFlags[j] != 0).ToArray()), "the range's spikes listed, none past it");
            Assert.That(vector.Y[(2 * first)..(2 * end)], Is.EqualTo(scalar.Y[(2 * first)..(2 * end)]), "tentative states of the range");
            Assert.That(vector.Refractory[first..end], Is.EqualTo(scalar.Refractory[first..end]), "refractory counters of the range");
            Assert.That(vector.SpikeFlags[first..end], Is.EqualTo(scalar.SpikeFlags[first..end]), "spike flags of the range");
            Assert.That(vector.Y[(2 * end)..], Is.EqualTo(y[(2 * end)..]), "tentative states after the range");
            Assert.That(vector.Y[..(2 * first)], Is.EqualTo(y[..(2 * first)]), "tentative states before the range");
            Assert.That(vector.Refractory[end..], Is.EqualTo(refractory[end..]), "refractory counters after the range");
            Assert.That(vector.SpikeFlags[end..], Is.EqualTo(flags[end..]), "spike flags after the range");
        });
    }

    [TestCaseSource(nameof(Seeds))]
    public void Gain_matches_the_scalar_kernel(int seed)
    {
        Assume.That(SimdNeuronKernels.IsSupported, "AVX2 is not available on this machine");
        var r = new System.Random(seed);
        int ns = new[] { 1, 2, 4, 8 }[seed % 4];
        var img = RandomCore(r, ns, noise: false, neurons: 8 * r.Next(1, 20));
        var (scalar, vector) = AfterTheScalarKernel(r, img, NeuronKernels.ApplyGain);

        foreach (var run in GroupRun.Build(img))
        {
            // Runs of a multiple of 8 entries go through the vector loop alone.
            int start = run.First * ns, end = start + ((run.Count * ns) / 8 * 8);
            SimdNeuronKernels.ApplyGain(vector.Accumulator, start, end, img.Parameters.WeightGain.AsSpan(run.Group * ns, ns));
            for (int j = run.First + ((end - start) / ns); j < run.First + run.Count; j++)
            {
                NeuronKernels.ApplyGain(j, new NeuronBuffers(vector));
            }
        }

        Assert.That(vector.Accumulator, Is.EqualTo(scalar.Accumulator));
    }

    [TestCaseSource(nameof(Seeds))]
    public void Reset_of_the_spiking_neurons_matches_the_scalar_kernel(int seed)
    {
        var r = new System.Random(seed);
        int ns = 1 + (seed % 4);
        var img = RandomCore(r, ns, noise: false);
        var increment = img.Parameters.SpikeIncrement;
        for (int i = 0; i < increment.Length; i++)
        {
            increment[i] = r.Next(4) == 0 ? r.Next(int.MinValue, int.MaxValue) : r.Next(-300, 300);
        }

        var scalar = new CoreState(img);
        var fast = new CoreState(img);
        Randomize(r, scalar, fast);
        for (int i = 0; i < scalar.Y.Length; i++)
        {
            // Tentative states anywhere in 32 bits, so that the increments wrap and both bounds clamp.
            scalar.Y[i] = fast.Y[i] = r.Next(3) == 0 ? r.Next(int.MinValue, int.MaxValue) : r.Next(-5000, 5000);
        }

        int[] spikes = [.. Enumerable.Range(0, img.Neurons).Where(_ => r.Next(3) == 0)];
        var a = new NeuronBuffers(scalar);
        foreach (int j in spikes)
        {
            NeuronKernels.Reset(j, a);
        }

        FastNeuronKernels.ResetAll(spikes, new NeuronBuffers(fast));
        Assert.That(fast.Y, Is.EqualTo(scalar.Y));
    }

    [Test]
    public void Runs_with_noise_or_other_state_counts_take_the_scalar_path()
    {
        var r = new System.Random(7);
        Assert.Multiple(() =>
        {
            Assert.That(GroupRun.Build(RandomCore(r, 2, noise: true)).Any(run => SimdNeuronKernels.CanIntegrate(run, 2)), Is.False);
            Assert.That(GroupRun.Build(RandomCore(r, 3, noise: false)).Any(run => SimdNeuronKernels.CanIntegrate(run, 3)), Is.False);
        });
    }

    internal static CoreImage RandomCore(System.Random r, int ns, bool noise, int? neurons = null)
    {
        int nn = neurons ?? r.Next(9, 120), groups = r.Next(1, 4);
        var n = new NetworkBuilder { Ticks = 2 };
        var core = n.AddCore(1, nn, ns);
        int V(int lo, int hi) => r.Next(lo, hi + 1);
        int Wide() => r.Next(4) switch
        {
            0 => V(short.MinValue, short.MaxValue),
            1 => r.Next(2) == 0 ? int.MinValue + V(0, 3) : int.MaxValue - V(0, 3),
            _ => V(-300, 300),
        };
        for (int g = 0; g < groups; g++)
        {
            var grp = NeuronGroupDefaults.Create(ns) with
            {
                Threshold = r.Next(5) == 0 ? Wide() : V(-200, 400),
                AdaptiveThreshold = ns >= 2 && r.Next(3) == 0,
                RefractoryPeriod = V(0, 4),
                CouplingExponent = [.. Enumerable.Range(0, ns * ns).Select(_ => r.Next(4) == 0 ? -16 : V(-15, r.Next(4) == 0 ? 31 : 5))],
                CouplingFactor = [.. Enumerable.Range(0, ns * ns).Select(_ => r.Next(4) == 0 ? Wide() : V(-3, 3))],
                Bias = [.. Enumerable.Range(0, ns).Select(_ => r.Next(4) == 0 ? Wide() : V(-50, 80))],
                ResetValue = [.. Enumerable.Range(0, ns).Select(_ => V(-500, 500))],
                ResetOn = [.. Enumerable.Range(0, ns).Select(_ => r.Next(2) == 0)],
                LowerBound = [.. Enumerable.Range(0, ns).Select(_ => r.Next(3) == 0 ? short.MinValue : V(-3000, 100))],
                UpperBound = [.. Enumerable.Range(0, ns).Select(_ => r.Next(3) == 0 ? short.MaxValue : V(-100, 3000))],
                Sigma = [.. Enumerable.Range(0, ns).Select(k => noise && k == 0 ? V(1, 300) : 0)],
                WeightGain = [.. Enumerable.Range(0, ns).Select(_ => V(-31, 31))],
            };
            core.Group(g, grp);
        }

        for (int j = 0; j < nn; j++)
        {
            // Runs of random length, so that some end in a scalar tail.
            core.Assign(j, 1, Math.Min(groups - 1, j * groups / nn));
        }

        return ImageCompiler.Compile(n.Build()).Cores[0];
    }

    private delegate void ScalarKernel(int j, in NeuronBuffers b);

    /// <summary>Two cores with the same random state (<see cref="Randomize"/>); the first put through <paramref name="kernel"/> neuron by neuron, the second not yet.</summary>
    private static (CoreState Scalar, CoreState Other) AfterTheScalarKernel(System.Random r, CoreImage img, ScalarKernel kernel)
    {
        var scalar = new CoreState(img);
        var other = new CoreState(img);
        Randomize(r, scalar, other);
        var a = new NeuronBuffers(scalar);
        for (int j = 0; j < img.Neurons; j++)
        {
            kernel(j, a);
        }

        return (scalar, other);
    }

    /// <summary>Gives both cores the same random committed states, accumulator and refractory counters.</summary>
    private static void Randomize(System.Random r, CoreState a, CoreState b)
    {
        int Wide() => r.Next(6) switch
        {
            0 => r.Next(int.MinValue, int.MaxValue),
            1 => r.Next(short.MinValue, short.MaxValue + 1),
            2 => r.Next(2) == 0 ? int.MinValue : int.MaxValue,
            _ => r.Next(-400, 400),
        };
        for (int i = 0; i < a.X.Length; i++)
        {
            a.X[i] = b.X[i] = Wide();
            a.Accumulator[i] = b.Accumulator[i] = Wide();
        }

        for (int j = 0; j < a.Refractory.Length; j++)
        {
            a.Refractory[j] = b.Refractory[j] = r.Next(4) == 0 ? r.Next(1, 4) : 0;
        }
    }
}
