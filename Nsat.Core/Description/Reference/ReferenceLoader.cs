using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Nsat.Validation;

namespace Nsat.Description.Reference;

/// <summary>
/// Reads a reference-format (pyNSATlib) network (docs/reference-format.md) into a <see cref="NetworkDescription"/>.
/// Every field is range-checked; anything the reference would misread, abort on or treat as undefined
/// behaviour is rejected with a <see cref="NsatFormatException"/> naming file, field and allowed range.
/// </summary>
public static class ReferenceLoader
{
    /// <summary>Loads the network whose files are in <paramref name="directory"/> (prefix auto-detected unless given).</summary>
    public static NetworkDescription Load(string directory, string? prefix = null) =>
        Load(ReferenceFileSet.Detect(directory, prefix));

    /// <summary>Loads the network of a file set.</summary>
    public static NetworkDescription Load(ReferenceFileSet files)
    {
        var p = ParamsParser.Parse(files.Name("params.dat"), files.Read("params.dat", ParamsLimit));
        int nc = p.Cores.Length;

        // nsat map: nn i32 per core, concatenated.
        string mapName = files.Name("nsat_params_map.dat");
        // Plain sums: LINQ's Sum over longs is compiled at run time, on every load.
        long neurons = 0, states = 0;
        foreach (var h in p.Cores)
        {
            neurons += h.Neurons;
            states += (long)h.Neurons * h.States;
        }

        long expectedMap = 4L * neurons;
        var map = new BinaryCursor(mapName, files.Read("nsat_params_map.dat", new ReadLimit(expectedMap, "4·Σ nn: one i32 per neuron of every core")));
        var groupMaps = new ImmutableArray<int>[nc];
        for (int c = 0; c < nc; c++)
        {
            var h = p.Cores[c];
            var m = map.ReadInt32Array(h.Neurons, $"core[{c}].group_of_neuron");
            CheckEach(m, 0, h.Groups.Length - 1, mapName, $"core[{c}].group_of_neuron");
            groupMaps[c] = Wrap(m);
        }

        map.ExpectEnd("end of file");

        // lrn map: consumed sequentially by learning cores only (docs/reference-format.md §4); the writer emits one
        // nn·ns block per core, so the file size must be that of all blocks.
        string lrnName = files.Name("lrn_params_map.dat");
        long expectedLrn = 4L * states;
        var lrnBytes = files.Read("lrn_params_map.dat", new ReadLimit(expectedLrn, "4·Σ nn·ns: one nn·ns block of i32 per core"));
        if (lrnBytes.Length != expectedLrn)
        {
            Guard.Fail(lrnName, "size", $"file has {lrnBytes.Length} bytes; expected {expectedLrn} (one nn·ns block of i32 per core)");
        }

        var lrn = new BinaryCursor(lrnName, lrnBytes);
        var learning = new CoreLearning?[nc];
        for (int c = 0; c < nc; c++)
        {
            var h = p.Cores[c];
            if (!h.LearningOn)
            {
                continue;
            }

            var m = lrn.ReadInt32Array(h.Neurons * h.States, $"core[{c}].learning_group_of_state");
            CheckEach(m, 0, h.LearningGroups!.Value.Length - 1, lrnName, $"core[{c}].learning_group_of_state");
            learning[c] = new CoreLearning(h.TstdpMax, h.LearningGroups!.Value, Wrap(m));
        }

        // The external-event files are parsed on threads of their own while this thread reads the synapse
        // tables (they are independent and about as large). Not on the thread pool: its workers may be busy
        // with other start-up work (the CLI parses the energy profile there), and this thread would wait
        // for a parse that had not started. Results and errors are taken in core and file order, so the
        // first problem reported is the same as in a sequential read.
        var externalInput = new Task<SpikeSchedule?>[nc];
        for (int c = 0; c < nc; c++)
        {
            var h = p.Cores[c];
            int core = c;
            externalInput[c] = h.ExternalEventsOn && files.Exists($"ext_events_core_{c}.dat")
                ? Task.Factory.StartNew(() => (SpikeSchedule?)ReadExternalEvents(files, core, h.Inputs, p.Settings.Ticks), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                : Task.FromResult<SpikeSchedule?>(null);
        }

        var cores = ImmutableArray.CreateBuilder<CoreDescription>(nc);
        for (int c = 0; c < nc; c++)
        {
            var h = p.Cores[c];
            var wgt = ReadWeights(files, c);
            var syn = ReadSynapses(files, c, h, wgt.Length);
            var ext = externalInput[c].GetAwaiter().GetResult();

            cores.Add(new CoreDescription
            {
                Inputs = h.Inputs,
                Neurons = h.Neurons,
                States = h.States,
                ExternalEventsOn = h.ExternalEventsOn,
                LearningOn = h.LearningOn,
                LearningGated = h.LearningGated,
                DeclaredLearningGroups = h.DeclaredLearningGroups,
                MonitorPeriod = h.Timestamp,
                SynapseRecordIds = h.SynapseRecordIds,
                NeuronGroups = h.Groups,
                NeuronGroupMap = groupMaps[c],
                InitialStates = h.InitialStates,
                RecordedNeurons = h.RecordedNeurons,
                Learning = learning[c],
                Monitors = h.Monitors,
                Synapses = syn,
                WeightMemory = Wrap(wgt),
                ExternalInput = ext,
            });
        }

        var coreList = cores.MoveToImmutable();
        CheckGating(coreList, files.Name("params.dat"));
        var routes = ReadRoutes(files, coreList);
        return new NetworkDescription(p.Settings, coreList, routes);
    }

    /// <summary>
    /// How large a params file can be: the size formula of docs/reference-format.md §3.6 at the hardware limits (every
    /// core with the most inputs, neurons, states and groups, learning on, every unit in syn_rec_ids and
    /// every neuron in spk_rec_ids once), for the core count in the file's first four bytes.
    /// </summary>
    private static readonly ReadLimit ParamsLimit = new(MaxParamsBytes(HardwareLimits.MaxCores), $"a params file of {HardwareLimits.MaxCores} cores at the hardware limits")
    {
        // A core count out of range is reported by the parser; a file that big is cut at one core's worth.
        FromLeadingInt32 = nc => nc is >= 1 and <= HardwareLimits.MaxCores
            ? new ReadLimit(MaxParamsBytes(nc), $"a params file of {nc} core{(nc == 1 ? "" : "s")} at the hardware limits")
            : new ReadLimit(MaxParamsBytes(1), $"a params file of 1 core at the hardware limits; num_cores = {nc} is outside [1, {HardwareLimits.MaxCores}]"),
    };

    /// <summary>A pointer table is 4 + 16·nnz bytes, nnz being its leading i32.</summary>
    private static readonly ReadLimit PointerTableLimit = ReadLimit.Default with
    {
        FromLeadingInt32 = nnz => new ReadLimit(4 + (16L * Math.Max(nnz, 0)), nnz >= 0 ? $"4 + 16·nnz with nnz = {nnz}" : $"4 + 16·nnz; nnz = {nnz} is negative"),
    };

    /// <summary>Gating needs a nonzero period in every group that a learning neuron uses (docs/semantics.md §5.1).</summary>
    private static void CheckGating(ImmutableArray<CoreDescription> cores, string file)
    {
        for (int c = 0; c < cores.Length; c++)
        {
            var core = cores[c];
            if (!core.LearningOn || !core.LearningGated)
            {
                continue;
            }

            foreach (int g in core.NeuronGroupMap.Distinct())
            {
                if (core.NeuronGroups[g].Period == 0)
                {
                    Guard.Fail(file, $"core[{c}].group[{g}].period", "is 0 but the core's learning is gated; the gate computes t mod period, so period must be nonzero");
                }
            }
        }
    }

    private static int[] ReadWeights(ReferenceFileSet files, int c)
    {
        string suffix = $"wgt_table_core_{c}.dat";
        // A plain file is read straight into the integers (no byte copy, half the fresh memory); a gzipped one, or
        // one whose size is wrong, as bytes.
        var direct = files.ReadInt32s(suffix);
        if (direct is not null)
        {
            CheckWeightCells(files, suffix, direct.Length);
            return direct;
        }

        var bytes = files.Read(suffix);
        if (bytes.Length % 4 != 0)
        {
            Guard.Fail(files.Name(suffix), "size", $"file has {bytes.Length} bytes, not a multiple of 4 (a flat array of i32 weights)");
        }

        CheckWeightCells(files, suffix, bytes.Length / 4);
        return MemoryMarshal.Cast<byte, int>(bytes).ToArray();
    }

    private static void CheckWeightCells(ReferenceFileSet files, string suffix, int cells)
    {
        if (cells > HardwareLimits.MaxWeightCells)
        {
            Guard.Fail(files.Name(suffix), "size", $"{cells} weight cells is more than a core's weight memory may have (allowed range [0, {HardwareLimits.MaxWeightCells}])");
        }
    }

    private static ImmutableArray<Synapse> ReadSynapses(ReferenceFileSet files, int c, ParamsParser.CoreHeader h, int weightCells)
    {
        string name = files.Name($"ptr_table_core_{c}.dat");
        var cur = new BinaryCursor(name, files.Read($"ptr_table_core_{c}.dat", PointerTableLimit));
        int nnz = cur.ReadInt32("nnz");
        if (nnz > HardwareLimits.MaxSynapses)
        {
            // Before the size check: a file that claims too many synapses is refused whatever its length.
            Guard.Fail(name, "nnz", $"{nnz} synapses is more than a core may have (allowed range [0, {HardwareLimits.MaxSynapses}])");
        }

        long expected = 4 + 16L * nnz;
        if (nnz < 0 || cur.Length != expected)
        {
            Guard.Fail(name, "nnz", $"nnz = {nnz} needs a file of {expected} bytes (4 + 16·nnz) but the file has {cur.Length}");
        }

        int ni = h.Inputs, nn = h.Neurons, ns = h.States;
        var syn = new Synapse[nnz];
        // Bulk read; field names are only formatted when an entry is rejected.
        var raw = MemoryMarshal.Cast<byte, int>(cur.Bytes.AsSpan(4, 16 * nnz));
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("reference files are little-endian");
        }

        for (int e = 0; e < nnz; e++)
        {
            int src = raw[4 * e], dst = raw[(4 * e) + 1], state = raw[(4 * e) + 2], wptr = raw[(4 * e) + 3];
            if ((uint)state >= (uint)ns)
            {
                Guard.ThrowRange(state, 0, ns - 1, name, $"entry[{e}].state");
            }

            if ((uint)wptr >= (uint)weightCells)
            {
                Guard.Fail(name, $"entry[{e}].wptr", weightCells == 0
                    ? $"{wptr} points into an empty weight table ({files.Name($"wgt_table_core_{c}.dat")} has no cells)"
                    : $"{wptr} is outside the weight table [0, {weightCells - 1}]");
            }

            if (h.ExternalEventsOn)
            {
                // Unit numbering: inputs 0..ni-1, neurons ni..nu-1; the target must be a neuron.
                if ((uint)src >= (uint)(ni + nn))
                {
                    Guard.ThrowRange(src, 0, ni + nn - 1, name, $"entry[{e}].src (unit index)");
                }

                if (dst < ni || dst >= ni + nn)
                {
                    Guard.ThrowRange(dst, ni, ni + nn - 1, name, $"entry[{e}].dst (neuron unit index, ni = {ni})");
                }

                syn[e] = src < ni
                    ? new Synapse(true, src, dst - ni, state, wptr)
                    : new Synapse(false, src - ni, dst - ni, state, wptr);
            }
            else
            {
                // Without external events both ends are plain neuron indices.
                if ((uint)src >= (uint)nn)
                {
                    Guard.ThrowRange(src, 0, nn - 1, name, $"entry[{e}].src (neuron index; the core's external events are off)");
                }

                if ((uint)dst >= (uint)nn)
                {
                    Guard.ThrowRange(dst, 0, nn - 1, name, $"entry[{e}].dst (neuron index; the core's external events are off)");
                }

                syn[e] = new Synapse(false, src, dst, state, wptr);
            }
        }

        return Wrap(syn);
    }

    private static SpikeSchedule ReadExternalEvents(ReferenceFileSet files, int c, int ni, int ticks)
    {
        string name = files.Name($"ext_events_core_{c}.dat");
        var cur = new BinaryCursor(name, files.Read($"ext_events_core_{c}.dat"));
        int executed = Math.Max(0, ticks - 1);
        // Each record is at least 8 bytes: check before sizing anything by the tick count.
        if ((long)executed * 8 > cur.Length)
        {
            Guard.Fail(name, "size", $"file has {cur.Length} bytes but {executed} tick records (ticks − 1, from the params file) need at least {8L * executed}");
        }

        var offsets = new int[executed + 2];
        // The ids of well-formed records, counted from their headers, size the array exactly: fresh memory costs
        // its page faults, and an array of Length / 4 entries cut to size afterwards would cost that twice. A file
        // whose headers do not add up takes Length / 4 entries (every id is 4 of its bytes, so they fit whatever
        // the records claim), and the loop below reports what is wrong with it.
        int counted = CountEvents(cur.Bytes, executed);
        var ids = new int[counted >= 0 ? counted : cur.Length / 4];
        int count = 0;
        for (int t = 1; t <= executed; t++)
        {
            offsets[t] = count;
            if (cur.Remaining < 8)
            {
                // A short header: the named reads report which field is missing (field names are formatted only here).
                if (cur.Remaining == 0)
                {
                    Guard.Fail(name, $"record[{t - 1}]", $"file ends after {t - 1} tick records; one record per executed tick (1..{executed}) is required");
                }

                cur.ReadInt32($"record[{t - 1}].t");
                cur.ReadInt32($"record[{t - 1}].n");
            }

            int tick = cur.ReadInt32Unchecked();
            if (tick != t)
            {
                Guard.Fail(name, $"record[{t - 1}].t", $"is {tick}; records must be for ticks 1, 2, … in order, this one for tick {t}");
            }

            int n = cur.ReadInt32Unchecked();
            if (n < 0 || (long)n * 4 > cur.Remaining)
            {
                Guard.Fail(name, $"record[{t - 1}].n", $"{n} events do not fit in the {cur.Remaining} bytes left (truncated file?)");
            }

            var record = MemoryMarshal.Cast<byte, int>(cur.Bytes.AsSpan(cur.Position, 4 * n));
            for (int i = 0; i < record.Length; i++)
            {
                int id = record[i];
                if ((uint)id >= (uint)ni)
                {
                    Guard.ThrowRange(id, 0, ni - 1, name, $"record[{t - 1}].id[{i}]");
                }

                ids[count + i] = id;
            }

            count += n;
            cur.Skip(4 * n);
        }

        offsets[executed + 1] = count;
        cur.ExpectEnd($"after record[{executed - 1}] (tick {executed}, the last executed tick)");
        offsets[0] = 0;
        if (ids.Length != count)
        {
            Array.Resize(ref ids, count);
        }

        return new SpikeSchedule(Wrap(offsets), Wrap(ids));
    }

    /// <summary>
    /// The number of ids in the first <paramref name="records"/> records (tick, n, n ids) of an external-events
    /// file, from their headers alone; −1 when the headers do not describe records that fit in the file.
    /// </summary>
    private static int CountEvents(ReadOnlySpan<byte> file, int records)
    {
        long position = 0, total = 0;
        for (int r = 0; r < records; r++)
        {
            if (position + 8 > file.Length)
            {
                return -1;
            }

            int n = BinaryPrimitives.ReadInt32LittleEndian(file[((int)position + 4)..]);
            if (n < 0 || position + 8 + (4L * n) > file.Length)
            {
                return -1;
            }

            total += n;
            position += 8 + (4L * n);
        }

        return (int)total;
    }

    private static ImmutableArray<Route> ReadRoutes(ReferenceFileSet files, ImmutableArray<CoreDescription> cores)
    {
        string name = files.Name("l1_conn.dat");
        var cur = new BinaryCursor(name, files.Read("l1_conn.dat"));
        int nSrc = cur.ReadInt32("n_src");
        if (nSrc < 0 || (long)nSrc * 12 > cur.Remaining)
        {
            Guard.Fail(name, "n_src", $"{nSrc} source blocks do not fit in the {cur.Remaining} bytes that follow (each needs at least 12)");
        }

        var routes = ImmutableArray.CreateBuilder<Route>(nSrc);
        for (int s = 0; s < nSrc; s++)
        {
            int core = cur.ReadInt32($"block[{s}].src_core", 0, cores.Length - 1);
            var src = cores[core];
            // The reference maps the unit to neuron |src_unit − ni| (docs/reference-format.md §5.4); the writer normally
            // emits ni + j, but a unit below ni also names a neuron that way and must be accepted.
            int unit = cur.ReadInt32($"block[{s}].src_unit");
            long neuron = Math.Abs((long)unit - src.Inputs);
            if (neuron >= src.Neurons)
            {
                Guard.Fail(name, $"block[{s}].src_unit", $"{unit} names neuron |{unit} − ni| = {neuron} of core {core}, which has {src.Neurons} neurons (allowed units: those with |unit − {src.Inputs}| < {src.Neurons})");
            }

            int nDst = cur.ReadInt32($"block[{s}].n_dst");
            if (nDst < 0 || (long)nDst * 8 > cur.Remaining)
            {
                Guard.Fail(name, $"block[{s}].n_dst", $"{nDst} destinations do not fit in the {cur.Remaining} bytes left (truncated file?)");
            }

            var dst = ImmutableArray.CreateBuilder<RouteTarget>(nDst);
            for (int d = 0; d < nDst; d++)
            {
                int dc = cur.ReadInt32($"block[{s}].dst[{d}].core", 0, cores.Length - 1);
                int di = cur.ReadInt32($"block[{s}].dst[{d}].input", 0, cores[dc].Inputs - 1);
                dst.Add(new RouteTarget(dc, di));
            }

            routes.Add(new Route(core, (int)neuron, dst.MoveToImmutable()));
        }

        cur.ExpectEnd("end of file");
        return routes.MoveToImmutable();
    }

    /// <summary>The largest params file of <paramref name="cores"/> cores within the hardware limits.</summary>
    internal static long MaxParamsBytes(int cores)
    {
        const long nu = HardwareLimits.MaxInputs + HardwareLimits.MaxNeurons;
        const long nn = HardwareLimits.MaxNeurons, ns = HardwareLimits.MaxStates;
        const long core = 31 + (4 * nu);
        const long neuron = (HardwareLimits.MaxNeuronGroups * (29 + (33 * ns) + (8 * ns * ns))) + (4 * nn * ns) + 4 + (4 * nn);
        const long learning = 4 + (100L * HardwareLimits.MaxLearningGroups);
        const long monitors = 5;
        return 25 + (cores * (core + neuron + learning + monitors));
    }

    internal static void CheckEach(int[] values, int lo, int hi, string file, string field)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < lo || values[i] > hi)
            {
                Guard.ThrowRange(values[i], lo, hi, file, $"{field}[{i}]");
            }
        }
    }

    internal static ImmutableArray<T> Wrap<T>(T[] a) => ImmutableCollectionsMarshal.AsImmutableArray(a);
}
