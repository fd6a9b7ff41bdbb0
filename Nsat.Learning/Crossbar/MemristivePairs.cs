using Nsat.Random;

namespace Nsat.Learning.Crossbar;

/// <summary>
/// The synapses of one crossbar layer: for every weight a pair of devices of a <see cref="DeviceProfile"/>, the
/// weight being (G⁺ − G⁻) / B · <see cref="WeightPerLevel"/>. Conductances are kept in units of the level
/// spacing B above G_min, so a device sits in [0, levels − 1]. Programming is unidirectional: a pulse raises
/// one device by one level (plus Gaussian programming noise of σ/B levels per programming event), and a
/// device saturates at the top level; <see cref="Reset"/> brings both devices back to G_min and writes the
/// weight again onto one of them, so learning can go on.
/// </summary>
public sealed class MemristivePairs
{
    private readonly double[] _plus;
    private readonly double[] _minus;
    private readonly double _top;

    /// <summary>Creates <paramref name="count"/> pairs, every device at G_min (weight 0).</summary>
    /// <param name="count">Number of synapses.</param>
    /// <param name="device">The device of both halves of every pair.</param>
    /// <param name="weightPerLevel">The weight one level of difference stands for (&gt; 0).</param>
    /// <param name="programmingNoise">σ/B of programming (null: the device's).</param>
    public MemristivePairs(int count, DeviceProfile device, double weightPerLevel, double? programmingNoise = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(weightPerLevel > 0 && double.IsFinite(weightPerLevel)))
        {
            throw new ArgumentOutOfRangeException(nameof(weightPerLevel), weightPerLevel, "must be a finite number > 0");
        }

        Device = device;
        WeightPerLevel = weightPerLevel;
        Noise = programmingNoise ?? device.ProgrammingNoise;
        _plus = new double[count];
        _minus = new double[count];
        _top = device.Levels - 1;
    }

    /// <summary>The device model.</summary>
    public DeviceProfile Device { get; }

    /// <summary>Weight per level of conductance difference.</summary>
    public double WeightPerLevel { get; }

    /// <summary>σ/B of programming in use.</summary>
    public double Noise { get; }

    /// <summary>Number of synapses.</summary>
    public int Count => _plus.Length;

    /// <summary>Largest weight a pair can hold: (levels − 1) · <see cref="WeightPerLevel"/>.</summary>
    public double MaxWeight => _top * WeightPerLevel;

    /// <summary>Programming pulses applied so far (by updates, initial writes and resets).</summary>
    public long Pulses { get; private set; }

    /// <summary>Energy of those pulses, V²·G·t at each device's conductance before its pulses, in joules.</summary>
    public double WriteEnergyJoules { get; private set; }

    /// <summary>G⁺ of synapse <paramref name="index"/>, in levels above G_min.</summary>
    public double PlusLevel(int index) => _plus[index];

    /// <summary>G⁻ of synapse <paramref name="index"/>, in levels above G_min.</summary>
    public double MinusLevel(int index) => _minus[index];

    /// <summary>G⁺ of synapse <paramref name="index"/> in siemens.</summary>
    public double PlusSiemens(int index) => Device.GMinSiemens + (_plus[index] * Device.LevelSpacingSiemens);

    /// <summary>G⁻ of synapse <paramref name="index"/> in siemens.</summary>
    public double MinusSiemens(int index) => Device.GMinSiemens + (_minus[index] * Device.LevelSpacingSiemens);

    /// <summary>The energy of reading every device of the layer once (one read pulse each at its present conductance), in joules.</summary>
    public double ReadAllJoules()
    {
        double joules = 0;
        for (int i = 0; i < Count; i++)
        {
            joules += Device.ReadEnergyJoules(PlusSiemens(i)) + Device.ReadEnergyJoules(MinusSiemens(i));
        }

        return joules;
    }

    /// <summary>The weight of synapse <paramref name="index"/>: (G⁺ − G⁻) / B · <see cref="WeightPerLevel"/>.</summary>
    public float Weight(int index) => (float)((_plus[index] - _minus[index]) * WeightPerLevel);

    /// <summary>
    /// Applies <paramref name="pulses"/> programming pulses to G⁺ (<paramref name="raise"/>) or G⁻: the device moves up
    /// by that many levels plus one Gaussian draw of σ/B levels, and stays within [G_min, G_max]. Returns the new weight.
    /// </summary>
    public float Program(int index, int pulses, bool raise, ref Pcg32 rng) => Program(index, pulses, raise, Noise, ref rng);

    /// <summary><see cref="Program(int, int, bool, ref Pcg32)"/> with programming noise <paramref name="noise"/> (σ/B; 0 draws nothing).</summary>
    private float Program(int index, int pulses, bool raise, double noise, ref Pcg32 rng)
    {
        if (pulses <= 0)
        {
            return Weight(index);
        }

        double[] side = raise ? _plus : _minus;
        Pulses += pulses;
        WriteEnergyJoules += pulses * Device.WriteEnergyJoules(Device.GMinSiemens + (side[index] * Device.LevelSpacingSiemens));
        double g = side[index] + pulses;
        if (noise > 0)
        {
            g += noise * DeviceRandom.Normal(ref rng);
        }

        side[index] = Math.Clamp(g, 0, _top);
        return Weight(index);
    }

    /// <summary>Verifying reads of <see cref="ResetWrite.Verified"/> rewrites so far (one per device written).</summary>
    public long VerifyReads { get; private set; }

    /// <summary>Energy of those reads, V²·G·t at the level each device was written to, in joules.</summary>
    public double VerifyReadEnergyJoules { get; private set; }

    /// <summary>
    /// Writes <paramref name="weight"/> onto a pair at G_min: round(|w| / <see cref="WeightPerLevel"/>) pulses (at most
    /// levels − 1) onto G⁺ for a positive weight, G⁻ for a negative one. With <see cref="ResetWrite.Verified"/> the device
    /// ends on that whole level, without programming noise, and one verifying read is charged. Returns the weight reached.
    /// </summary>
    public float Write(int index, double weight, ref Pcg32 rng, ResetWrite write = ResetWrite.Programmed)
    {
        _plus[index] = 0;
        _minus[index] = 0;
        int pulses = (int)Math.Min(Math.Round(Math.Abs(weight) / WeightPerLevel, MidpointRounding.ToEven), _top);
        bool raise = weight > 0;
        if (write == ResetWrite.Programmed || pulses == 0)
        {
            return Program(index, pulses, raise, ref rng);
        }

        // Verified: the same pulses without noise, so the device lands on the whole level; then its verifying read.
        float reached = Program(index, pulses, raise, noise: 0, ref rng);
        VerifyReads++;
        VerifyReadEnergyJoules += Device.ReadEnergyJoules(raise ? PlusSiemens(index) : MinusSiemens(index));
        return reached;
    }

    /// <summary>
    /// Resets the pairs of <paramref name="scope"/>: reads each one's weight, brings both devices to G_min and writes the
    /// weight back (<see cref="Write"/>, as <paramref name="write"/> says), so a saturated G⁺ or G⁻ can move again; with
    /// <see cref="ResetScope.TwoSided"/> a pair with a device at G_min is left as it is. <paramref name="weights"/>
    /// receives the weights.
    /// </summary>
    public void Reset(Span<float> weights, ref Pcg32 rng, ResetScope scope = ResetScope.All, ResetWrite write = ResetWrite.Programmed)
    {
        for (int i = 0; i < _plus.Length; i++)
        {
            if (scope == ResetScope.TwoSided && (_plus[i] == 0 || _minus[i] == 0))
            {
                weights[i] = Weight(i);
                continue;
            }

            double w = (_plus[i] - _minus[i]) * WeightPerLevel;
            weights[i] = Write(i, w, ref rng, write);
        }
    }

    /// <summary>The weights as a read sees them: each device's conductance times (1 + ρ·ξ), ρ the device's read noise.</summary>
    public void Read(Span<float> weights, ref Pcg32 rng)
    {
        double rho = Device.ReadNoise;
        double gmin = 1.0 / (Device.OnOffRatio - 1) * _top; // G_min in levels: G_min / B
        for (int i = 0; i < _plus.Length; i++)
        {
            if (rho == 0)
            {
                weights[i] = Weight(i);
                continue;
            }

            double gp = (gmin + _plus[i]) * (1 + (rho * DeviceRandom.Normal(ref rng)));
            double gm = (gmin + _minus[i]) * (1 + (rho * DeviceRandom.Normal(ref rng)));
            weights[i] = (float)((gp - gm) * WeightPerLevel);
        }
    }
}
