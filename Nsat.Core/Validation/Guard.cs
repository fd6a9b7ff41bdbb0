using System.Runtime.CompilerServices;

namespace Nsat.Validation;

/// <summary>Boundary checks that throw <see cref="NsatFormatException"/> with file, field and range.</summary>
public static class Guard
{
    /// <summary>Requires lo ≤ value ≤ hi.</summary>
    public static int InRange(int value, int lo, int hi, string file, string field)
    {
        if (value < lo || value > hi)
        {
            ThrowRange(value, lo, hi, file, field);
        }

        return value;
    }

    /// <summary>Requires |value| &lt; 32, the range of a power-of-two shift exponent.</summary>
    public static int ShiftExponent(int value, string file, string field) => InRange(value, -31, 31, file, field);

    /// <summary>Throws the standard out-of-range error.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowRange(long value, long lo, long hi, string file, string field) =>
        throw new NsatFormatException(file, field, $"{value} is outside the allowed range [{lo}, {hi}]");

    /// <summary>Throws a free-form error.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Fail(string file, string field, string problem) =>
        throw new NsatFormatException(file, field, problem);
}
