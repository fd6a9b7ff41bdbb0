using Nsat.Description.Reference;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Observation;

namespace Nsat.Benchmarks;

/// <summary>One whole run as the CLI does it: load the files, compile, simulate, write every output.</summary>
internal static class WholeRun
{
    public static RunCounters Execute(string inputDir, string outDir, IBackend? backend = null)
    {
        var files = ReferenceFileSet.Detect(inputDir);
        var image = ImageCompiler.Compile(ReferenceLoader.Load(files));
        var sim = new Simulation(image, backend ?? new FastBackend());
        using var writer = new ReferenceOutputWriter(outDir, files.Prefix);
        sim.AddObserver(writer);
        sim.Run();
        return sim.Counters;
    }
}
