using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Execution.Fast;
using Nsat.Execution.Scalar;
using Nsat.Execution;
using Nsat.Execution.Kernels;
using Nsat.Image;

namespace Nsat.Tests.Kernels;

/// <summary>
/// Runs of the modulated rule with randomized rounding (eRBP's update), which the fast kernel takes
/// eight synapses at a time in list order with its draws taken up front: for every run length 1 … 40,
/// with cells going up, going down and scattered in list order, gate-open and gate-closed targets mixed in a group of eight,
/// the weights after every tick and the random draws equal the scalar backend's and the fast backend's
/// one-synapse-at-a-time loop.
/// </summary>
public sealed class RoundedLearningRunTests
{
    public static IEnumerable<TestCaseData> Lengths() => Enumerable.Range(1, 40).Select(n => new TestCaseData(n).SetName($"Rounded run of {n}"));

    [TestCaseSource(nameof(Lengths))]
    public void Vector_rounding_equals_one_by_one_and_scalar(int length)
    {
        var image = ImageCompiler.Compile(Network(length));
        var prepared = FastLearningCore.TryBuild(image.Cores[0])!;
        Assert.That(prepared.Inputs.RoundingBits, Is.EqualTo(new[] { 3, 3, 3 }), "every run is ordered for its draws only");
        Assert.That(prepared.Inputs.Contiguous.Take(2).Count(c => c), Is.EqualTo(length == 1 ? 2 : 1), "one run's cells are consecutive in list order, the other's go backwards");
        Assert.That(prepared.Inputs.Descending.Take(2).Count(c => c), Is.EqualTo(length == 1 ? 0 : 1), "the run whose cells go backwards");
        if (length >= 3)
        {
            Assert.That(prepared.Inputs.Contiguous[2] || prepared.Inputs.Descending[2], Is.False, "input 2's cells are scattered");
        }

        var a = new Simulation(image, new ScalarBackend());
        var b = new Simulation(image, new FastBackend(1));
        var c = new Simulation(image, new FastBackend(1) { LearningVectors = false });
        long draws = 0;
        for (int t = 1; t <= a.TotalTicks; t++)
        {
            a.Step();
            b.Step();
            c.Step();
            Assert.That(b.Cores[0].Weights, Is.EqualTo(a.Cores[0].Weights), $"vectors: weights after tick {t}");
            Assert.That(c.Cores[0].Weights, Is.EqualTo(a.Cores[0].Weights), $"one by one: weights after tick {t}");
            Assert.That(b.Cores[0].Counters, Is.EqualTo(a.Cores[0].Counters), $"event counts of tick {t}");
            draws += a.Cores[0].Counters.RoundingDraws;
        }

        Assert.That(b.Random.BoundedCalls, Is.EqualTo(a.Random.BoundedCalls));
        Assert.That(b.Random.NextUInt32(), Is.EqualTo(a.Random.NextUInt32()), "the streams end in the same state");
        Assert.That(draws, Is.GreaterThan(0));
    }

    /// <summary>
    /// Three inputs onto state 0 of <paramref name="length"/> neurons, their cells made in opposite neuron
    /// orders (so one run's cells go up in list order and the other's down) and scattered, learning gated on state 0 with every third neuron held outside the gate, the modulator
    /// state 1 set to values whose low bits make the rounding matter.
    /// </summary>
    private static NetworkDescription Network(int length)
    {
        var n = new NetworkBuilder { Ticks = 30, Seed = length };
        var core = n.AddCore(3, length, 2);
        core.LearningGated = true;
        core.Group(0, NeuronGroupDefaults.Create(2) with
        {
            Threshold = 30000,
            ModulatorState = 1,
            GateLow = -1000,
            GateUpper = 1000,
            Period = 10,
            BurnIn = 2,
            CouplingExponent = [-16, -16, -16, -16],
        });
        core.Assign(0, length, 0);
        core.Learning(new LearningGroup
        {
            Tstdp = 0, IsPlastic = true, IsStdpOn = false, IsStdpExpOn = false, IsRandomizedRounding = true, RoundingBits = 3,
            Tca = [1, 2], Hica = [0, 0, 0], Sica = [0, 0, 0], Slca = [0, 0, 0],
            Tac = [-1, -2], Hiac = [-2, 0, 0], Siac = [1, 1, 1], Slac = [0, 0, 0],
        });
        core.LearnOn(0, 0);
        for (int j = 0; j < length; j++)
        {
            core.FromInput(0, j, 0, 10);
            core.Initial(j, 0, j % 3 == 2 ? 5000 : -j);
            core.Initial(j, 1, ((j * 7919) % 2000) - 1000 + j);
        }

        // Input 1's cells are made first and given out backwards: its list holds them in the opposite order of input 0's.
        int[] cells = [.. Enumerable.Range(0, length).Select(_ => core.Cell(-10))];
        for (int j = 0; j < length; j++)
        {
            core.Shared(true, 1, j, 0, cells[length - 1 - j]);
        }

        // Input 2's cells: the even neurons' first, then the odd ones': neither up nor down in list order.
        int[] scattered = [.. Enumerable.Range(0, length).Select(_ => core.Cell(7))];
        int[] order = [.. Enumerable.Range(0, length).Where(j => j % 2 == 0), .. Enumerable.Range(0, length).Where(j => j % 2 == 1)];
        for (int j = 0; j < length; j++)
        {
            core.Shared(true, 2, j, 0, scattered[order[j]]);
        }

        core.Spikes(0, 1, 3, 4, 7, 12, 15, 21);
        core.Spikes(2, 3, 5, 12, 17, 26);
        core.Spikes(1, 2, 3, 9, 12, 13, 22, 25);
        return n.Build();
    }
}
