using Nsat.Description.Reference;
using Nsat.Execution.Fast;
using Nsat.Image;

namespace Nsat.Tests.Execution;

/// <summary>
/// The fast backend's kernel list for compiling ahead: every entry names methods that exist and are
/// compiled at their first call (marked for full optimisation), and a chip asks for the kernels its cores use.
/// </summary>
public sealed class KernelPrecompilerTests
{
    private const KernelPrecompiler.Uses All = (KernelPrecompiler.Uses)127;

    [Test]
    public void Every_listed_kernel_names_methods_compiled_at_their_first_call()
    {
        var methods = KernelPrecompiler.Methods(All).ToList();
        foreach (var k in KernelPrecompiler.Kernels)
        {
            var named = methods.Where(m => m.DeclaringType == k.Type && m.Name == k.Name).ToList();
            // Methods() keeps only the methods marked for full optimisation (compiled at their first call).
            Assert.That(named, Is.Not.Empty, $"{k.Type.Name}.{k.Name} names no method compiled at its first call (renamed, or now precompiled in the image?)");
        }
    }

    [Test]
    public void A_chip_asks_for_the_kernels_of_its_cores()
    {
        var plain = KernelPrecompiler.UsesOf(ImageCompiler.Compile(ReferenceLoader.Load(TestPaths.Vector("test_nf"), "sim")));
        Assert.That(plain.HasFlag(KernelPrecompiler.Uses.Always) && plain.HasFlag(KernelPrecompiler.Uses.Plain), Is.True);
        Assert.That(plain.HasFlag(KernelPrecompiler.Uses.Learning), Is.False);

        var erbp = KernelPrecompiler.UsesOf(ImageCompiler.Compile(ReferenceLoader.Load(TestPaths.Vector("erbp_training"), "sim")));
        Assert.That(erbp.HasFlag(KernelPrecompiler.Uses.Learning), Is.True);
        Assert.That(erbp.HasFlag(KernelPrecompiler.Uses.Draws), Is.True, "blank-out synapses draw");
        Assert.That(KernelPrecompiler.Methods(erbp).Select(m => m.Name), Does.Contain("CausalVectorWords").And.Contain("AccumulateDrawn"));
        Assert.That(KernelPrecompiler.Methods(plain).Select(m => m.Name), Does.Not.Contain("CausalVectorWords"));
    }
}
