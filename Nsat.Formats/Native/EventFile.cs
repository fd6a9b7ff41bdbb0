using System.Globalization;
using Nsat.Validation;

namespace Nsat.Formats.Native;

/// <summary>
/// External input events from a file. CSV: one event per line as <c>tick,input</c> (an optional
/// header line <c>tick,input</c>, '#' comments). AER (<c>.aer</c>): address-event records of two
/// little-endian int32, (tick, input address). Events of one tick keep their file order.
/// </summary>
internal static class EventFile
{
    /// <summary>
    /// Reads the event file at <paramref name="path"/>, recorded in <paramref name="digest"/> as
    /// <paramref name="key"/>; a file of more than <paramref name="maxEvents"/> events is refused before they are stored.
    /// </summary>
    public static IEnumerable<(int Tick, int Input)> Read(string path, InputDigest? digest, string key, int maxEvents)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"'{path}' does not exist");
        }

        var b = SideFile.Read(path, digest, key);
        if (path.EndsWith(".aer", StringComparison.OrdinalIgnoreCase))
        {
            if (b.Length % 8 != 0)
            {
                throw new FormatException($"'{path}': {b.Length} bytes is not a whole number of 8-byte (tick, input) AER records");
            }

            if (b.Length / 8 > maxEvents)
            {
                throw new FormatException($"'{path}' holds {b.Length / 8} events; allowed at most {maxEvents} per core");
            }

            var aer = new List<(int, int)>(b.Length / 8);
            for (int i = 0; i < b.Length; i += 8)
            {
                aer.Add((BitConverter.ToInt32(b, i), BitConverter.ToInt32(b, i + 4)));
            }

            return aer;
        }

        var events = new List<(int, int)>();
        int lineNo = 0;
        foreach (var raw in SideFile.Lines(b))
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

            if (events.Count == maxEvents)
            {
                throw new FormatException($"'{path}' line {lineNo}: more than {maxEvents} events; allowed at most {maxEvents} per core");
            }

            events.Add((t, id));
        }

        return events;
    }
}
