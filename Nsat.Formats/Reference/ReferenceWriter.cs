using Nsat.Description;
using Nsat.Observation;

namespace Nsat.Formats.Reference;

/// <summary>
/// Writes a <see cref="NetworkDescription"/> as reference-format (pyNSATlib) input files (docs/reference-format.md),
/// so that the reference simulator — and Nsat's reference loader — run it. Each file is written
/// atomically.
/// </summary>
public static class ReferenceWriter
{
    /// <summary>Writes <c>&lt;prefix&gt;_*.dat</c> into <paramref name="directory"/>; returns the files written.</summary>
    public static IReadOnlyList<string> Write(NetworkDescription n, string directory, string prefix = "sim")
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        string P(string suffix)
        {
            string path = Path.Combine(directory, $"{prefix}_{suffix}");
            written.Add(path);
            return path;
        }

        // A core needs unit numbering (external-events flag) when it has input synapses or input events.
        bool[] ext = [.. n.Cores.Select(c => c.ExternalEventsOn || c.Synapses.Any(s => s.FromInput))];
        AtomicFile.WriteAll(P("params.dat"), w => WriteParams(n, ext, w));
        AtomicFile.WriteAll(P("nsat_params_map.dat"), w =>
        {
            foreach (var c in n.Cores)
            {
                foreach (int g in c.NeuronGroupMap)
                {
                    w.Write(g);
                }
            }
        });

        // The reference consumes lrn-map blocks sequentially for learning cores only (docs/reference-format.md §4):
        // write the learning cores' blocks first, then zero blocks, so the sizes match the writer's.
        AtomicFile.WriteAll(P("lrn_params_map.dat"), w =>
        {
            foreach (var c in n.Cores.Where(c => c.Learning is not null))
            {
                foreach (int g in c.Learning!.GroupMap)
                {
                    w.Write(g);
                }
            }

            foreach (var c in n.Cores.Where(c => c.Learning is null))
            {
                for (int i = 0; i < c.Neurons * c.States; i++)
                {
                    w.Write(0);
                }
            }
        });

        for (int p = 0; p < n.Cores.Length; p++)
        {
            var c = n.Cores[p];
            bool units = ext[p];
            AtomicFile.WriteAll(P($"ptr_table_core_{p}.dat"), w =>
            {
                w.Write(c.Synapses.Length);
                foreach (var s in c.Synapses)
                {
                    w.Write(units ? (s.FromInput ? s.Pre : c.Inputs + s.Pre) : s.Pre);
                    w.Write(units ? c.Inputs + s.Post : s.Post);
                    w.Write(s.State);
                    w.Write(s.WeightCell);
                }
            });
            AtomicFile.WriteAll(P($"wgt_table_core_{p}.dat"), w =>
            {
                foreach (int v in c.WeightMemory)
                {
                    w.Write(v);
                }
            });
            if (c.ExternalInput is { } input)
            {
                AtomicFile.WriteAll(P($"ext_events_core_{p}.dat"), w =>
                {
                    for (int t = 1; t < n.Settings.Ticks; t++)
                    {
                        var ids = input.At(t);
                        w.Write(t);
                        w.Write(ids.Length);
                        foreach (int id in ids)
                        {
                            w.Write(id);
                        }
                    }
                });
            }
        }

        AtomicFile.WriteAll(P("l1_conn.dat"), w =>
        {
            var routes = n.Settings.RoutingOn ? n.Routes : [];
            w.Write(routes.Length);
            foreach (var r in routes)
            {
                w.Write(r.SourceCore);
                w.Write(n.Cores[r.SourceCore].Inputs + r.SourceNeuron);
                w.Write(r.Destinations.Length);
                foreach (var d in r.Destinations)
                {
                    w.Write(d.Core);
                    w.Write(d.Input);
                }
            }
        });
        return written;
    }

    private static void WriteParams(NetworkDescription n, bool[] ext, BinaryWriter w)
    {
        var s = n.Settings;
        w.Write(n.Cores.Length);
        w.Write(n.Cores.Length == 1);
        w.Write(s.RoutingOn);
        w.Write(s.Ticks);
        w.Write(s.RngInitState);
        w.Write(s.RngInitSeq);
        w.Write(s.SeedRng);
        w.Write(s.ClockOn);
        w.Write(s.CheckWeightLimits);
        w.Write(s.SynPrecisionLog2);
        for (int p = 0; p < n.Cores.Length; p++)
        {
            var c = n.Cores[p];
            w.Write(ext[p]);
            w.Write(c.LearningOn);
            w.Write(c.LearningGated);
            w.Write(c.Inputs);
            w.Write(c.Neurons);
            w.Write(c.States);
            w.Write(c.NeuronGroups.Length);
            w.Write(c.Learning?.Groups.Length ?? c.DeclaredLearningGroups);
            w.Write(c.MonitorPeriod);
            w.Write(c.SynapseRecordIds.Length);
            foreach (int id in c.SynapseRecordIds)
            {
                w.Write(id);
            }
        }

        foreach (var c in n.Cores)
        {
            foreach (var g in c.NeuronGroups)
            {
                w.Write(g.GateLow);
                w.Write(g.GateUpper);
                w.Write(g.Period);
                w.Write(g.BurnIn);
                w.Write(g.RefractoryPeriod);
                w.Write(g.ModulatorState);
                Ints(w, g.Probability);
                Ints(w, g.CouplingExponent);
                Ints(w, g.CouplingFactor);
                Ints(w, g.Bias);
                Ints(w, g.ResetValue);
                Ints(w, g.LowerBound);
                foreach (bool b in g.ResetOn)
                {
                    w.Write(b);
                }

                Ints(w, g.UpperBound);
                Ints(w, g.SpikeIncrement);
                Ints(w, g.Sigma);
                w.Write(g.AdaptiveThreshold);
                w.Write(g.Threshold);
                Ints(w, g.WeightGain);
            }

            Ints(w, c.InitialStates);
            w.Write(c.RecordedNeurons.Length);
            Ints(w, c.RecordedNeurons);
        }

        foreach (var c in n.Cores.Where(c => c.Learning is not null))
        {
            var l = c.Learning!;
            w.Write(l.TstdpMax);
            foreach (var g in l.Groups)
            {
                w.Write(g.Tstdp);
                w.Write(g.IsPlastic);
                w.Write(g.IsStdpOn);
                w.Write(g.IsStdpExpOn);
                Ints(w, g.Tca);
                Ints(w, g.Hica);
                Ints(w, g.Sica);
                Ints(w, g.Slca);
                Ints(w, g.Tac);
                Ints(w, g.Hiac);
                Ints(w, g.Siac);
                Ints(w, g.Slac);
                w.Write(g.IsRandomizedRounding);
                w.Write(g.RoundingBits);
            }
        }

        foreach (var c in n.Cores)
        {
            w.Write(c.Monitors.States);
            w.Write(c.Monitors.Weights);
            w.Write(c.Monitors.FinalWeights);
            w.Write(c.Monitors.Spikes);
            w.Write(c.Monitors.Stats);
        }
    }

    private static void Ints(BinaryWriter w, IEnumerable<int> values)
    {
        foreach (int v in values)
        {
            w.Write(v);
        }
    }
}
