using Nsat.Execution;
using Nsat.Execution.Kernels;

namespace Nsat.Tests;

/// <summary>
/// <see cref="CoreState.Buffers"/> hands out the kernels' buffers without rebuilding them: it must
/// always show the arrays the state holds now, through any number of commits.
/// </summary>
public sealed class CoreStateBuffersTests
{
    [Test]
    public void Buffers_follow_the_committed_and_tentative_states_through_commits()
    {
        var img = SimdNeuronKernelTests.RandomCore(new System.Random(3), 2, noise: false);
        var state = new CoreState(img);
        for (int commit = 0; commit < 5; commit++)
        {
            var b = state.Buffers; // a copy of what the reference shows
            var fresh = new NeuronBuffers(state);
            Assert.Multiple(() =>
            {
                Assert.That(b.X, Is.SameAs(state.X), $"X after {commit} commits");
                Assert.That(b.Y, Is.SameAs(state.Y), $"Y after {commit} commits");
                Assert.That(b.Accumulator, Is.SameAs(fresh.Accumulator));
                Assert.That(b.Threshold, Is.SameAs(fresh.Threshold));
                Assert.That(b.States, Is.EqualTo(fresh.States));
            });
            state.Commit();
        }
    }
}
