using Nsat.Execution.Scalar;
using Nsat.Execution;

namespace Nsat.Tests;

/// <summary>The scalar reference backend against every golden vector.</summary>
[TestFixture]
public sealed class ScalarBackendConformance : BackendConformance
{
    protected override IBackend CreateBackend() => new ScalarBackend();
}
