using Nsat.Description;
using Nsat.Description.Reference;
using Nsat.Execution;

namespace Nsat.Tests;

/// <summary>
/// Every golden vector, byte for byte, on one backend. One subclass per backend; all must match the
/// reference outputs (and therefore the scalar backend) exactly.
/// </summary>
public abstract class BackendConformance
{
    protected abstract IBackend CreateBackend();

    /// <summary>Worker threads of the simulation (cores side by side when nothing draws random numbers).</summary>
    protected virtual int Threads => 1;

    public static IEnumerable<TestCaseData> Vectors() =>
        GoldenVector.AllNames().Select(n => new TestCaseData(n).SetName(n));

    [TestCaseSource(nameof(Vectors))]
    public void Reproduces_reference_outputs(string vectorName)
    {
        var v = GoldenVector.Load(vectorName);
        var network = ReferenceLoader.Load(v.Directory, "sim");
        Assert.That(DescriptionValidator.Validate(network), Is.Empty, "a loaded file also passes the description validator");
        GoldenRun.AssertReproduces(v, network, CreateBackend(), Threads);
    }
}
