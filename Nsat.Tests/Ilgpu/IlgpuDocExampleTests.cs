using Nsat.Description.Building;
using Nsat.Execution;
using Nsat.Execution.Scalar;
using Nsat.Execution.Engine;
using Nsat.Ilgpu;
using Nsat.Image;
using Nsat.Random;
using Nsat.Tests.Docs;

namespace Nsat.Tests.Ilgpu;

/// <summary>The C# example of docs/ilgpu.md, run as written, and a check that the document shows exactly this code.</summary>
[NonParallelizable]
public sealed class IlgpuDocExampleTests
{
    private const string Begin = "// docs/ilgpu.md example: begin";
    private const string End = "// docs/ilgpu.md example: end";

    [Test]
    public void Example_runs_a_batch_of_two_seeds()
    {
        // A noisy core with input (the seed of the image is copy 1's, so the scalar backend can check it).
        var n = new NetworkBuilder { Ticks = 30, Seed = 2 };
        var c = n.AddCore(2, 6, 2);
        c.Group(0, NeuronGroupDefaults.Create(2) with { Threshold = 60, Bias = [5, 0], Sigma = [40, 0] });
        for (int j = 0; j < 6; j++)
        {
            c.FromInput(j % 2, j, 0, 30);
        }

        c.Spikes(0, 3, 7, 11, 19);
        c.Spikes(1, 5, 6, 20);
        var image = ImageCompiler.Compile(n.Build());

        // docs/ilgpu.md example: begin
        using var engine = IlgpuEngine.Prepare(image,
            new EngineOptions { Random = RandomMode.Counter, Threads = 2, Copies = 2, Seeds = [1, 2] },
            DeviceKind.Cpu);
        long spikes = 0;
        for (int t = 1; t <= image.Settings.ExecutedTicks; t++)
        {
            for (int copy = 0; copy < engine.Copies; copy++)
            {
                engine.SetInput(copy, core: 0, image.Cores[0].ExternalInput!.At(t));
            }

            engine.Step();
            spikes += engine.Spikes(copy: 1, core: 0).Length;
        }
        // docs/ilgpu.md example: end

        var scalar = new Simulation(image, new ScalarBackend(), RandomMode.Counter);
        long expected = 0;
        while (scalar.Tick < scalar.TotalTicks)
        {
            scalar.Step();
            expected += scalar.Cores[0].Spikes.Count;
        }

        Assert.That(image.Settings.RngInitState, Is.EqualTo(2));
        Assert.That(spikes, Is.EqualTo(expected).And.GreaterThan(0));
    }

    [Test]
    public void Docs_show_exactly_the_tested_code()
    {
        var blocks = DocExample.CodeBlocks("docs/ilgpu.md");
        string? code = blocks.FirstOrDefault(b => b.Contains("IlgpuEngine.Prepare", StringComparison.Ordinal));
        Assert.That(code, Is.Not.Null, "docs/ilgpu.md has a csharp block with the example");
        Assert.That(DocExample.Normalise(code!), Is.EqualTo(DocExample.Normalise(DocExample.Region("Nsat.Tests/Ilgpu/IlgpuDocExampleTests.cs", Begin, End))));
    }
}
