using Nsat.Description;

namespace Nsat.Tests.Loading;

/// <summary>
/// A reference-format pointer table that claims more synapses than a core may have is refused from
/// its leading count, before its entries are read or any synapse array is built.
/// </summary>
[NonParallelizable]
public sealed class SynapseLimitTests
{
    [Test]
    public void A_pointer_table_claiming_more_than_the_synapse_limit_is_refused_from_its_count()
    {
        using var v = new VectorFiles("random_01");
        v.PatchInt("sim_ptr_table_core_0.dat", 0, HardwareLimits.MaxSynapses + 1);
        var (code, _, err) = Nsat.Tests.Cli.CliRunner.Run("validate", v.Directory);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), err);
            Assert.That(err, Does.StartWith("nsat: invalid input: "));
            Assert.That(err, Does.Contain($"sim_ptr_table_core_0.dat: nnz: {HardwareLimits.MaxSynapses + 1} synapses is more than a core may have (allowed range [0, {HardwareLimits.MaxSynapses}])"));
        });
    }
}
