using System.CommandLine;

namespace Nsat.Simulator;

/// <summary>Checks of option values made while the command line is parsed.</summary>
internal static class CliOptions
{
    /// <summary>
    /// Accepts only <paramref name="values"/> (shown in the help and offered for completion); any other
    /// value is a usage error naming the option and the allowed values, e.g.
    /// <c>--format: 'xml' is not allowed; use one of: csv, reference, both</c>.
    /// </summary>
    public static Option<T> OneOf<T>(this Option<T> option, params string[] values)
    {
        option.CompletionSources.Add(values);
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!values.Contains(token.Value, StringComparer.Ordinal))
                {
                    result.AddError($"{option.Name}: '{token.Value}' is not allowed; use one of: {string.Join(", ", values)}");
                }
            }
        });
        return option;
    }
}
