namespace Nsat.Tests;

/// <summary>
/// A fresh temporary directory for every test, <see cref="Dir"/>, deleted after it. NUnit runs a base
/// class's [SetUp] before the derived class's and its [TearDown] after the derived one's, so a derived
/// [SetUp] may already write into <see cref="Dir"/> and a derived [TearDown] may still read it.
/// </summary>
public abstract class TempDirectoryTest
{
    /// <summary>This test's own directory, created empty before it.</summary>
    protected string Dir { get; private set; } = string.Empty;

    // Named apart from the derived classes' SetUp and TearDown: a method of the same name would hide
    // this one, and NUnit would then run only the derived class's.
    [SetUp]
    public void CreateTempDirectory() => Dir = TestPaths.NewTempDirectory();

    [TearDown]
    public void DeleteTempDirectory()
    {
        // Some tests remove the directory themselves; that is not a failure.
        if (Directory.Exists(Dir))
        {
            Directory.Delete(Dir, recursive: true);
        }
    }
}
