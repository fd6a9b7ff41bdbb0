namespace Nsat.Observation.Energy;

/// <summary>
/// Places the cores of a chip on a 2D mesh: core c sits at (c mod W, c div W), W = the profile's mesh
/// width or ceil(sqrt(cores)). A routed event travels by XY routing, so its hops are the Manhattan
/// distance between its source and destination cores (0 for a core routing to itself).
/// </summary>
public sealed class MeshLayout
{
    /// <summary>Lays out <paramref name="cores"/> cores, <paramref name="width"/> per row (null: ceil(sqrt(cores))).</summary>
    public MeshLayout(int cores, int? width = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        if (width is { } w)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(w, 1, nameof(width));
        }

        Cores = cores;
        Width = width ?? DefaultWidth(cores);
        Height = (cores + Width - 1) / Width;
    }

    /// <summary>Number of cores.</summary>
    public int Cores { get; }

    /// <summary>Cores per mesh row.</summary>
    public int Width { get; }

    /// <summary>Mesh rows.</summary>
    public int Height { get; }

    /// <summary>ceil(sqrt(cores)), computed exactly in integers.</summary>
    public static int DefaultWidth(int cores)
    {
        int w = 1;
        while (w * w < cores)
        {
            w++;
        }

        return w;
    }

    /// <summary>Mesh position of core <paramref name="core"/>.</summary>
    public (int X, int Y) Position(int core) => (core % Width, core / Width);

    /// <summary>X (east–west) hops from core <paramref name="from"/> to core <paramref name="to"/>.</summary>
    public int HopsX(int from, int to) => Math.Abs((from % Width) - (to % Width));

    /// <summary>Y (north–south) hops from core <paramref name="from"/> to core <paramref name="to"/>.</summary>
    public int HopsY(int from, int to) => Math.Abs((from / Width) - (to / Width));

    /// <summary>Hops of XY routing from core <paramref name="from"/> to core <paramref name="to"/>.</summary>
    public int Hops(int from, int to) => HopsX(from, to) + HopsY(from, to);
}
