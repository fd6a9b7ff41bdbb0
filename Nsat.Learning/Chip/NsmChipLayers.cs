using Nsat.Learning.Nsm;

namespace Nsat.Learning.Chip;

/// <summary>
/// A trained Neural Sampling Machine (<see cref="NsmNetwork"/>) as <see cref="SignNetwork"/> layers. A hidden unit's
/// <c>u_i = Σ_j (ξ_ij + a_i) w_ij z_j + b_i</c> becomes W = w with blank-out lists of probability P/15 (the chip's
/// transmission probabilities are fifteenths: p = ½ has none, so P = 7 or 8), D = a_i·w with
/// <c>a_i = β_i k − P/15</c> (so the mean of u_i, β_i k w_i·z + b_i, is the trained one; its variance is
/// (P/15)(1 − P/15)‖w_i‖², 0.2489‖w_i‖² for P = 7 or 8 against 0.25‖w_i‖² for p = ½) and B = b_i. The output layer
/// is deterministic: its logits <c>x_i = (β_i w_i·z + b_i / k) / ‖w_i‖</c> are the layer's sums, W = β_i w_ij / ‖w_i‖
/// and B = b_i / (k‖w_i‖), with every synapse transmitting.
/// </summary>
public static class NsmChipLayers
{
    /// <summary>The layers of <paramref name="network"/> with hidden transmission probability <paramref name="probability"/> fifteenths (1..14).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The probability is not 1..14.</exception>
    public static IReadOnlyList<QuantisedLayer> Build(NsmNetwork network, int probability)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(probability, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, QuantisedLayer.Always - 1);
        double k = network.NoiseScale, p = probability / (double)QuantisedLayer.Always;
        var layers = new List<QuantisedLayer>();
        for (int l = 0; l < network.Depth; l++)
        {
            int inputs = network.Layers[l], units = network.Layers[l + 1];
            var w = network.Weights(l);
            var beta = network.Betas(l);
            var b = network.Biases(l);
            if (l < network.Depth - 1)
            {
                var a = new float[units];
                for (int i = 0; i < units; i++)
                {
                    a[i] = (float)((beta[i] * k) - p);
                }

                layers.Add(QuantisedLayer.Quantise(w, b, inputs, units, a, probability));
            }
            else
            {
                var folded = new float[w.Length];
                var bias = new float[units];
                for (int i = 0; i < units; i++)
                {
                    var row = w.Slice(i * inputs, inputs);
                    double norm = 0;
                    foreach (float v in row)
                    {
                        norm += (double)v * v;
                    }

                    norm = Math.Max(Math.Sqrt(norm), 1e-12);
                    for (int j = 0; j < inputs; j++)
                    {
                        folded[(i * inputs) + j] = (float)(beta[i] * row[j] / norm);
                    }

                    bias[i] = (float)(b[i] / (k * norm));
                }

                layers.Add(QuantisedLayer.Quantise(folded, bias, inputs, units));
            }
        }

        return layers;
    }
}
