using Nsat.Learning.Training;
using Nsat.Simulator;

namespace Nsat.Tests.Training;

/// <summary>The live progress line of <c>nsat train</c>: epoch, samples, rate, time left and accuracy so far.</summary>
public sealed class TrainProgressLineTests
{
    [Test]
    public void The_line_shows_the_epoch_samples_rate_time_left_and_accuracy()
    {
        var p = new TrainingProgress(2, 5, TrainingPhase.Training, 400, 8000, 300);
        Assert.Multiple(() =>
        {
            Assert.That(TrainProgressLine.Format(p, 400, 8), Is.EqualTo("epoch 2/5: training 400/8000, 50.0 samples/s, ETA 2:32, accuracy 75.0%"));
            Assert.That(TrainProgressLine.Format(p with { Phase = TrainingPhase.Testing, Done = 10, Total = 100_000, Correct = 9 }, 10, 10),
                Is.EqualTo("epoch 2/5: testing 10/100000, 1.0 samples/s, ETA 27:46:30, accuracy 90.0%"), "hours when it takes that long");
            Assert.That(TrainProgressLine.Format(p with { Done = 0, Correct = 0 }, 0, 0), Is.EqualTo("epoch 2/5: training 0/8000, accuracy -"), "no rate before a sample was measured");
        });
    }
}
