using System.Globalization;

namespace Nsat.Formats.Native;

/// <summary>
/// External input events from a CSV file: one event per line as <c>tick,input</c> (an optional header
/// line <c>tick,input</c>, '#' comments). Events of one tick keep their file order.
/// </summary>
internal static class EventFile
{
    public static IEnumerable<(int Tick, int Input)> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"'{path}' does not exist");
        }

        var events = new List<(int, int)>();
        int lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || (lineNo == 1 && line.StartsWith("tick", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var f = line.Split(',');
            if (f.Length != 2
                || !int.TryParse(f[0].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int t)
                || !int.TryParse(f[1].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int id))
            {
                throw new FormatException($"'{path}' line {lineNo}: expected 'tick,input' integers, got '{line}'");
            }

            events.Add((t, id));
        }

        return events;
    }
}
