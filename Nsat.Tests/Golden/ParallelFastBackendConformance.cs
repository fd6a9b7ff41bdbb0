using Nsat.Execution.Fast;
using Nsat.Execution;

namespace Nsat.Tests;

/// <summary>The fast backend with 4 worker threads against every golden vector.</summary>
[TestFixture]
public sealed class ParallelFastBackendConformance : BackendConformance
{
    protected override IBackend CreateBackend() => new FastBackend();

    protected override int Threads => 4;
}
