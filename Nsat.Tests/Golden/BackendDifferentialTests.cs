using Nsat.Description.Building;
using Nsat.Execution.Fast;
using Nsat.Execution.Scalar;
using Nsat.Execution;
using Nsat.Image;

namespace Nsat.Tests;

/// <summary>
/// Random small networks (all coupling exponents from −20 to +5, extreme states and bounds, several
/// groups, noise, adaptive thresholds, stochastic synapses, shared weights): the fast backend must
/// produce the same states, spikes and weights as the scalar backend on every tick.
/// </summary>
public sealed class BackendDifferentialTests
{
    public static IEnumerable<TestCaseData> Seeds() => Enumerable.Range(1, 40).Select(s => new TestCaseData(s).SetName($"Random network {s}"));

    [TestCaseSource(nameof(Seeds))]
    public void Fast_matches_scalar_tick_by_tick(int seed)
    {
        var image = ImageCompiler.Compile(RandomNetwork(seed));
        var a = new Simulation(image, new ScalarBackend());
        var b = new Simulation(image, new FastBackend());
        for (int t = 1; t <= a.TotalTicks; t++)
        {
            a.Step();
            b.Step();
            Assert.That(b.Cores[0].X, Is.EqualTo(a.Cores[0].X), $"states after tick {t}");
            Assert.That(b.Cores[0].Spikes.Span.ToArray(), Is.EqualTo(a.Cores[0].Spikes.Span.ToArray()), $"spikes of tick {t}");
            Assert.That(b.Cores[0].Counters, Is.EqualTo(a.Cores[0].Counters), $"event counts of tick {t}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(b.Cores[0].Weights, Is.EqualTo(a.Cores[0].Weights));
            Assert.That(b.Random.BoundedCalls, Is.EqualTo(a.Random.BoundedCalls), "same random draws");
            Assert.That(b.Counters.SynapticEvents, Is.EqualTo(a.Counters.SynapticEvents));
        });
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Accumulator_entries_beyond_16_bits_saturate_with_a_gain_of_zero(int threads)
    {
        // With gain exponent 0 the fast backend skips C2 for a run only when no entry of the run can leave
        // the 16-bit range. Four runs of 256 neurons (two per thread with two threads): in groups 0 the
        // inputs' 20000 weights and a neuron's −30000 can take an entry beyond it, in groups 1 (weights a
        // tenth of those) nothing can; some ticks saturate, others do not.
        const int nn = FastBackend.MinNeuronsPerSplit;
        var n = new NetworkBuilder { Ticks = 40, Seed = 3, CheckWeightLimits = false };
        var core = n.AddCore(4, nn, 2);
        var quiet = NeuronGroupDefaults.Create(2) with { Threshold = 30000, WeightGain = [0, 0], LowerBound = [short.MinValue, short.MinValue] };
        core.Group(0, quiet).Group(1, quiet with { Bias = [3, 1] });
        for (int run = 0; run < 4; run++)
        {
            core.Assign(run * nn / 4, nn / 4, run % 2);
        }

        for (int post = 0; post < nn; post += 7)
        {
            bool strong = post / (nn / 4) % 2 == 0;
            for (int input = 0; input < 4; input++)
            {
                core.FromInput(input, post, post % 2, strong ? 20000 : 2000);
            }

            core.FromNeuron(nn - 1 - post, post, 1 - (post % 2), strong ? -30000 : -3000);
        }

        for (int i = 0; i < 4; i++)
        {
            core.Spikes(i, [.. Enumerable.Range(1, 39).Where(t => (t * (i + 3)) % 5 < 2)]);
        }

        var image = ImageCompiler.Compile(n.Build());
        var a = new Simulation(image, new ScalarBackend());
        var b = new Simulation(image, new FastBackend(threads)) { Threads = threads };
        bool saturated = false;
        for (int t = 1; t <= a.TotalTicks; t++)
        {
            a.Step();
            b.Step();
            Assert.That(b.Cores[0].Accumulator, Is.EqualTo(a.Cores[0].Accumulator), $"accumulator after tick {t}");
            Assert.That(b.Cores[0].X, Is.EqualTo(a.Cores[0].X), $"states after tick {t}");
            saturated |= a.Cores[0].Accumulator.Contains(short.MaxValue);
        }

        Assert.Multiple(() =>
        {
            Assert.That(saturated, Is.True, "some entries saturate");
            Assert.That(((FastBackend)b.Backend).RunsWithoutGain(image.Cores[0]), Is.EqualTo(2), "C2 is skipped for the two runs of group 1");
        });
    }

    internal static Nsat.Description.NetworkDescription RandomNetwork(int seed)
    {
        var r = new System.Random(seed);
        int ns = r.Next(1, 5), nn = r.Next(1, 40), ni = r.Next(0, 10), groups = r.Next(1, 4);
        var n = new NetworkBuilder { Ticks = 60, Seed = seed, CheckWeightLimits = r.Next(2) == 0 };
        var core = n.AddCore(ni, nn, ns);
        int V(int lo, int hi) => r.Next(lo, hi + 1);
        for (int g = 0; g < groups; g++)
        {
            var grp = NeuronGroupDefaults.Create(ns) with
            {
                Threshold = V(-200, 400),
                AdaptiveThreshold = ns >= 2 && r.Next(4) == 0,
                RefractoryPeriod = V(0, 4),
                CouplingExponent = [.. Enumerable.Range(0, ns * ns).Select(_ => r.Next(3) == 0 ? -16 : V(-20, 5))],
                CouplingFactor = [.. Enumerable.Range(0, ns * ns).Select(_ => V(-3, 3))],
                Bias = [.. Enumerable.Range(0, ns).Select(_ => V(-50, 80))],
                ResetValue = [.. Enumerable.Range(0, ns).Select(_ => V(-500, 500))],
                ResetOn = [.. Enumerable.Range(0, ns).Select(_ => r.Next(2) == 0)],
                LowerBound = [.. Enumerable.Range(0, ns).Select(_ => r.Next(3) == 0 ? short.MinValue : V(-3000, 0))],
                UpperBound = [.. Enumerable.Range(0, ns).Select(_ => r.Next(3) == 0 ? short.MaxValue : V(0, 3000))],
                SpikeIncrement = [.. Enumerable.Range(0, ns).Select(_ => V(-100, 100))],
                Sigma = [.. Enumerable.Range(0, ns).Select(_ => r.Next(3) == 0 ? V(1, 300) : 0)],
                WeightGain = [.. Enumerable.Range(0, ns).Select(_ => V(-4, 3))],
                Probability = [.. Enumerable.Range(0, ns).Select(_ => r.Next(3) == 0 ? V(0, 15) : 15)],
            };
            core.Group(g, grp);
        }

        for (int j = 0; j < nn; j++)
        {
            core.Assign(j, 1, r.Next(groups));
            for (int k = 0; k < ns; k++)
            {
                core.Initial(j, k, r.Next(5) == 0 ? (r.Next(2) == 0 ? short.MinValue : short.MaxValue) : V(-300, 300));
            }
        }

        int shared = core.Cell(V(-60, 60));
        for (int s = 0; s < nn * 3; s++)
        {
            bool fromInput = ni > 0 && r.Next(2) == 0;
            int pre = fromInput ? r.Next(ni) : r.Next(nn);
            if (r.Next(8) == 0)
            {
                core.Shared(fromInput, pre, r.Next(nn), r.Next(ns), shared);
            }
            else if (fromInput)
            {
                core.FromInput(pre, r.Next(nn), r.Next(ns), V(-128, 127));
            }
            else
            {
                core.FromNeuron(pre, r.Next(nn), r.Next(ns), V(-128, 127));
            }
        }

        for (int i = 0; i < ni; i++)
        {
            core.Spikes(i, [.. Enumerable.Range(1, 59).Where(_ => r.Next(4) == 0)]);
        }

        return n.Build();
    }
}
