namespace Nsat.Validation;

/// <summary>
/// How large the decompressed content of an input file may be, and why. A file whose first four bytes
/// hold a count that fixes its size (the params file's core count, a pointer table's entry count) can
/// narrow the limit once those bytes are inflated: <see cref="FromLeadingInt32"/>.
/// </summary>
/// <param name="MaxBytes">Largest allowed size in bytes.</param>
/// <param name="Rule">Where the limit comes from, for the error message (e.g. <c>4·Σ nn</c>).</param>
internal sealed record ReadLimit(long MaxBytes, string Rule)
{
    /// <summary>The limit of an input file whose format fixes no size: <see cref="InputFile.MaxBytes"/>.</summary>
    public static ReadLimit Default { get; } = new(InputFile.MaxBytes, "the largest input file Nsat reads");

    /// <summary>A narrower limit from the file's leading little-endian i32, or null if that value says nothing.</summary>
    public Func<int, ReadLimit?>? FromLeadingInt32 { get; init; }
}
