namespace Nsat.Learning.Nsm;

/// <summary>
/// Adam (Kingma and Ba) over a network's parameter arrays, with the usual constants β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸
/// and bias-corrected moments. Plain loops in a fixed order, so a step gives the same floats on every run.
/// </summary>
internal sealed class AdamOptimizer
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    private readonly float[][] _parameters;
    private readonly float[][] _first;
    private readonly float[][] _second;
    private readonly float _rate;
    private int _steps;

    public AdamOptimizer(float[][] parameters, float rate)
        : this(parameters, rate, [.. parameters.Select(p => new float[p.Length])], [.. parameters.Select(p => new float[p.Length])], 0)
    {
    }

    /// <summary>An optimizer that goes on from the moments and step count of an earlier one (a checkpoint); the arrays are its own from now on.</summary>
    public AdamOptimizer(float[][] parameters, float rate, float[][] first, float[][] second, int steps)
    {
        _parameters = parameters;
        _first = first;
        _second = second;
        _rate = rate;
        _steps = steps;
    }

    /// <summary>The first moments, one array per parameter array.</summary>
    public float[][] First => _first;

    /// <summary>The second moments, one array per parameter array.</summary>
    public float[][] Second => _second;

    /// <summary>Steps taken so far (the bias corrections' exponent).</summary>
    public int Steps => _steps;

    /// <summary>One step along the mean gradient: <paramref name="sums"/> divided by <paramref name="count"/>.</summary>
    public void Step(float[][] sums, int count)
    {
        _steps++;
        float scale = 1f / count;
        float c1 = (float)(1.0 / (1.0 - Math.Pow(Beta1, _steps)));
        float c2 = (float)(1.0 / (1.0 - Math.Pow(Beta2, _steps)));
        const float b1 = (float)Beta1, b2 = (float)Beta2, eps = (float)Epsilon;
        for (int a = 0; a < _parameters.Length; a++)
        {
            var p = _parameters[a];
            var g = sums[a];
            var m = _first[a];
            var v = _second[a];
            for (int i = 0; i < p.Length; i++)
            {
                float gi = g[i] * scale;
                m[i] = (b1 * m[i]) + ((1f - b1) * gi);
                v[i] = (b2 * v[i]) + ((1f - b2) * gi * gi);
                p[i] -= _rate * (m[i] * c1) / (MathF.Sqrt(v[i] * c2) + eps);
            }
        }
    }
}
