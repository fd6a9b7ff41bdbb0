using Nsat.Learning.Training;
using Nsat.Random;

namespace Nsat.Learning.Erbp;

/// <summary>
/// The fixed random feedback matrix G of eRBP (classes × hidden neurons), zero-sum per hidden neuron:
/// for each hidden neuron, <c>ones</c> entries of +1 and as many of −1 are shuffled over a
/// classes × <c>gridColumns</c> grid of zeros and each row is summed. Every column therefore sums to
/// exactly 0, so a uniform error (all classes equally wrong) moves no hidden neuron.
/// </summary>
public static class FeedbackMatrix
{
    /// <summary>G[j, h] at index j · hidden + h, drawn from <paramref name="rng"/> (hidden neuron by hidden neuron).</summary>
    public static int[] Draw(int classes, int hidden, int gridColumns, int ones, ref Pcg32 rng)
    {
        int cells = classes * gridColumns;
        if (2L * ones > cells)
        {
            throw new ArgumentOutOfRangeException(nameof(ones), ones, $"2 × ones must fit the {classes} × {gridColumns} grid");
        }

        var g = new int[classes * hidden];
        var grid = new sbyte[cells];
        for (int h = 0; h < hidden; h++)
        {
            Array.Clear(grid);
            grid.AsSpan(0, ones).Fill(1);
            grid.AsSpan(ones, ones).Fill(-1);

            FisherYates.Shuffle(ref rng, grid.AsSpan());

            for (int j = 0; j < classes; j++)
            {
                int sum = 0;
                foreach (sbyte v in grid.AsSpan(j * gridColumns, gridColumns))
                {
                    sum += v;
                }

                g[(j * hidden) + h] = sum;
            }
        }

        return g;
    }
}
