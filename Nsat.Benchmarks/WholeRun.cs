using Nsat.Description.Reference;
using Nsat.Execution.Fast;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Observation;
using Nsat.Observation.Energy;

namespace Nsat.Benchmarks;

/// <summary>One whole run as the CLI does it: load the files, compile, simulate, write every output.</summary>
internal static class WholeRun
{
    /// <summary>
    /// Runs <paramref name="inputDir"/> on <paramref name="backend"/> (fast by default) and writes its
    /// reference outputs; with an energy profile, also the energy model's outputs (energy.json,
    /// energy.csv with a row per tick), as <c>nsat run</c> does.
    /// </summary>
    public static RunCounters Execute(string inputDir, string outDir, IBackend? backend = null, EnergyProfile? energy = null)
    {
        var files = ReferenceFileSet.Detect(inputDir);
        var image = ImageCompiler.Compile(ReferenceLoader.Load(files));
        var sim = new Simulation(image, backend ?? new FastBackend());
        using var writer = new ReferenceOutputWriter(outDir, files.Prefix);
        sim.AddObserver(writer);
        using var energyWriter = energy is null ? null : new EnergyReportWriter(outDir, new EnergyLedger(energy));
        if (energyWriter is not null)
        {
            sim.AddObserver(energyWriter);
        }

        sim.Run();
        return sim.Counters;
    }
}
