namespace Nsat.Validation;

/// <summary>
/// An input file or description is malformed or out of range. The message always names the file,
/// the field and, where one exists, the allowed range, so that the CLI can print it as is.
/// </summary>
public sealed class NsatFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">File (or document) the problem is in.</param>
    /// <param name="field">Field path inside it, e.g. <c>core[0].group[2].t_ref</c>.</param>
    /// <param name="problem">What is wrong, including the allowed range.</param>
    public NsatFormatException(string file, string field, string problem)
        : base($"{file}: {field}: {problem}")
    {
        File = file;
        Field = field;
        Problem = problem;
        Problems = [problem];
    }

    /// <summary>Creates the exception for a list of problems of one file, keeping the list for callers that show part of it.</summary>
    /// <param name="file">File (or document) the problems are in.</param>
    /// <param name="field">Field path, or a heading such as <c>12 problems</c> for several.</param>
    /// <param name="problem">The message text: every problem, formatted.</param>
    /// <param name="problems">Every problem, one entry each, each naming its field.</param>
    public NsatFormatException(string file, string field, string problem, IReadOnlyList<string> problems)
        : this(file, field, problem)
    {
        ArgumentNullException.ThrowIfNull(problems);
        Problems = problems.Count > 0 ? [.. problems] : [problem];
    }

    /// <summary>File (or document) the problem is in.</summary>
    public string File { get; }

    /// <summary>Field path inside the file.</summary>
    public string Field { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>Every problem, one entry each (just <see cref="Problem"/> when there is one).</summary>
    public IReadOnlyList<string> Problems { get; }
}
