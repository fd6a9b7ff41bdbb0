using System.CommandLine;
using System.Text;
using Nsat.Observation;
using Nsat.Validation;

namespace Nsat.Simulator;

/// <summary>
/// The <c>--errors FILE</c> option of the commands that read a model: the terminal shows the first
/// <see cref="MaxShown"/> problems of an invalid input and a count of the rest; the file, written
/// atomically when the command ends, holds every problem, one per line (<c>file: field: problem</c>),
/// and is empty when the input had none.
/// </summary>
/// <param name="Path">The file, or null when the option was not given.</param>
internal sealed record CliErrorsFile(string? Path)
{
    /// <summary>For a command without the option: long lists are cut all the same, without the hint.</summary>
    public static CliErrorsFile NotOffered { get; } = new((string?)null) { Offered = false };

    /// <summary>False for a command that has no <c>--errors</c> option.</summary>
    public bool Offered { get; init; } = true;

    /// <summary>Problems shown on the terminal; the rest are counted.</summary>
    public const int MaxShown = 20;

    /// <summary>The option, as every command that offers it declares it.</summary>
    public static Option<string?> CreateOption() => new("--errors")
    {
        Description = $"Write every input problem to this file, one per line (an empty file when there is none); the terminal shows the first {MaxShown} and a count of the rest.",
    };

    /// <summary>The lines of the file for <paramref name="e"/>: each problem with its file.</summary>
    public static IEnumerable<string> Lines(NsatFormatException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Problems.Count == 1 ? [e.Message] : e.Problems.Select(p => $"{e.File}: {p}");
    }

    /// <summary>
    /// The message of <paramref name="e"/> for the terminal: as is for at most <see cref="MaxShown"/>
    /// problems, else the first ones and "… and N more" with where to find them all.
    /// </summary>
    public string Describe(NsatFormatException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Problems.Count <= MaxShown)
        {
            return e.Message;
        }

        var sb = new StringBuilder($"{e.File}: {e.Field}:");
        foreach (string p in e.Problems.Take(MaxShown))
        {
            sb.Append(Environment.NewLine).Append("  ").Append(p);
        }

        int rest = e.Problems.Count - MaxShown;
        sb.Append(Environment.NewLine).Append($"  … and {rest} more");
        if (Offered)
        {
            sb.Append(Path is null ? "; --errors FILE writes them all" : $"; all {e.Problems.Count} are in {Path}");
        }

        return sb.ToString();
    }

    /// <summary>Writes the file (nothing when the option was not given).</summary>
    public void Write(IEnumerable<string> lines)
    {
        if (Path is null)
        {
            return;
        }

        using var f = new AtomicFile(System.IO.Path.GetFullPath(Path));
        var w = new StreamWriter(f.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        try
        {
            foreach (string line in lines)
            {
                w.WriteLine(line);
            }
        }
        catch
        {
            f.DisposeWith(w);
            throw;
        }

        w.Dispose();
        f.Commit();
    }
}
