using Nsat.Execution.Fast;
using Nsat.Execution;

namespace Nsat.Tests;

/// <summary>The fast backend against every golden vector.</summary>
[TestFixture]
public sealed class FastBackendConformance : BackendConformance
{
    protected override IBackend CreateBackend() => new FastBackend();
}
