using System.IO.Compression;

namespace Nsat.Tests.Loading;

/// <summary>
/// Malformed, truncated, oversized and out-of-range inputs: each must give exit code 2, one message
/// naming the file, the field and the allowed range, no stack trace and no output files.
/// </summary>
[NonParallelizable]
public sealed class LoaderErrorTests
{
    private const string Params = "sim_params.dat";

    private static (int Code, string Error, string[] Outputs) Run(VectorFiles v)
    {
        string outDir = Path.Combine(v.Directory, "out");
        var (code, _, err) = Nsat.Tests.Cli.CliRunner.Run("run", v.Directory, "--out", outDir, "--quiet");
        return (code, err, Directory.Exists(outDir) ? Directory.GetFiles(outDir) : []);
    }

    private static void AssertRejected(VectorFiles v, params string[] fragments)
    {
        var (code, error, outputs) = Run(v);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), error);
            Assert.That(error, Does.StartWith("nsat: invalid input: "));
            foreach (var f in fragments)
            {
                Assert.That(error, Does.Contain(f));
            }

            Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
            Assert.That(outputs, Is.Empty, "no outputs are left behind");
        });
    }

    [Test]
    public void Valid_copy_runs()
    {
        using var v = new VectorFiles("random_01");
        var (code, error, outputs) = Run(v);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(outputs, Is.Not.Empty);
        });
    }

    [Test]
    public void Truncated_params()
    {
        using var v = new VectorFiles("random_01");
        v.Truncate(Params, 3);
        AssertRejected(v, Params, "core[0].monitors.mon_", "truncated");
    }

    [Test]
    public void Oversized_params()
    {
        using var v = new VectorFiles("random_01");
        v.Append(Params, 0, 0, 0, 0);
        AssertRejected(v, Params, "4 unexpected trailing bytes");
    }

    [Test]
    public void Too_many_neurons()
    {
        using var v = new VectorFiles("random_01");
        v.PatchInt(Params, ParamsLayout.NumNeurons, 5000);
        AssertRejected(v, "sim_params.dat: core[0].num_neurons: 5000 is outside the allowed range [0, 2048]");
    }

    [Test]
    public void Too_many_states()
    {
        using var v = new VectorFiles("random_01");
        v.PatchInt(Params, ParamsLayout.NumStates, 9);
        AssertRejected(v, "core[0].num_states: 9 is outside the allowed range [1, 8]");
    }

    [Test]
    public void Too_many_groups()
    {
        using var v = new VectorFiles("random_01");
        v.PatchInt(Params, ParamsLayout.NumGroups, 9);
        AssertRejected(v, "core[0].num_nsat_groups: 9 is outside the allowed range [1, 8]");
    }

    [Test]
    public void Zero_cores()
    {
        using var v = new VectorFiles("random_01");
        v.PatchInt(Params, ParamsLayout.NumCores, 0);
        AssertRejected(v, "sim_params.dat: num_cores: 0 is outside the allowed range [1, 1024]");
    }

    [Test]
    public void Boolean_other_than_0_or_1()
    {
        using var v = new VectorFiles("random_01");
        v.PatchByte(Params, ParamsLayout.IsRoutingOn, 2);
        AssertRejected(v, "sim_params.dat: is_routing_on: boolean byte is 2", "allowed values are 0 and 1");
    }

    [Test]
    public void Coupling_shift_exponent_out_of_range()
    {
        using var v = new VectorFiles("random_01");
        var l = new ParamsLayout(v);
        v.PatchInt(Params, l.A, 40);
        AssertRejected(v, "core[0].group[0].A[0]: 40 is outside the allowed range [-31, 31]");
    }

    [Test]
    public void Gain_shift_exponent_out_of_range()
    {
        using var v = new VectorFiles("random_01");
        var l = new ParamsLayout(v);
        v.PatchInt(Params, l.WGain, -32);
        AssertRejected(v, "core[0].group[0].w_gain[0]: -32 is outside the allowed range [-31, 31]");
    }

    [Test]
    public void Probability_out_of_range()
    {
        using var v = new VectorFiles("random_01");
        var l = new ParamsLayout(v);
        v.PatchInt(Params, l.Prob, 16);
        AssertRejected(v, "core[0].group[0].prob[0]: 16 is outside the allowed range [0, 15]");
    }

    [Test]
    public void Negative_refractory_period()
    {
        using var v = new VectorFiles("random_01");
        var l = new ParamsLayout(v);
        v.PatchInt(Params, l.TRef, -1);
        AssertRejected(v, "core[0].group[0].t_ref: -1 is outside the allowed range [0, 2147483647]");
    }

    [Test]
    public void Adaptive_threshold_with_one_state()
    {
        using var v = new VectorFiles("random_01"); // ns = 1
        var l = new ParamsLayout(v);
        v.PatchByte(Params, l.IsFlagXth, 1);
        AssertRejected(v, "core[0].group[0].is_flag_Xth", "only 1 state");
    }

    [Test]
    public void Recorded_neuron_out_of_range()
    {
        using var v = new VectorFiles("random_01");
        var l = new ParamsLayout(v);
        Assume.That(v.ReadInt(Params, l.NRec), Is.GreaterThan(0));
        v.PatchInt(Params, l.NRec + 4, l.Nn);
        AssertRejected(v, $"core[0].spk_rec_ids[0]: {l.Nn} is outside the allowed range [0, {l.Nn - 1}]");
    }

    [Test]
    public void Zero_monitor_period()
    {
        using var v = new VectorFiles("random_01");
        v.PatchInt(Params, ParamsLayout.Timestamp, 0);
        AssertRejected(v, "core[0].timestamp: 0 is outside the allowed range [1, 2147483647]");
    }

    [Test]
    public void Weight_pointer_past_the_table()
    {
        using var v = new VectorFiles("random_01");
        int cells = v.Read("sim_wgt_table_core_0.dat").Length / 4;
        v.PatchInt("sim_ptr_table_core_0.dat", 4 + 12, cells);
        AssertRejected(v, "sim_ptr_table_core_0.dat: entry[0].wptr", $"{cells} is outside the weight table [0, {cells - 1}]");
    }

    [Test]
    public void Synapse_target_state_out_of_range()
    {
        using var v = new VectorFiles("random_01");
        v.PatchInt("sim_ptr_table_core_0.dat", 4 + 8, 1);
        AssertRejected(v, "sim_ptr_table_core_0.dat: entry[0].state: 1 is outside the allowed range [0, 0]");
    }

    [Test]
    public void Synapse_source_out_of_range()
    {
        using var v = new VectorFiles("random_01"); // 22 inputs + 17 neurons
        v.PatchInt("sim_ptr_table_core_0.dat", 4, 39);
        AssertRejected(v, "sim_ptr_table_core_0.dat: entry[0].src (unit index): 39 is outside the allowed range [0, 38]");
    }

    [Test]
    public void Synapse_target_is_an_input()
    {
        using var v = new VectorFiles("random_01");
        v.PatchInt("sim_ptr_table_core_0.dat", 4 + 4, 3);
        AssertRejected(v, "entry[0].dst (neuron unit index, ni = 22): 3 is outside the allowed range [22, 38]");
    }

    [Test]
    public void Pointer_table_size_disagrees_with_nnz()
    {
        using var v = new VectorFiles("random_01");
        v.Append("sim_ptr_table_core_0.dat", 1, 2, 3, 4);
        AssertRejected(v, "sim_ptr_table_core_0.dat: nnz", "(4 + 16·nnz)");
    }

    [Test]
    public void Weight_table_not_a_multiple_of_4()
    {
        using var v = new VectorFiles("random_01");
        v.Append("sim_wgt_table_core_0.dat", 7);
        AssertRejected(v, "sim_wgt_table_core_0.dat: size", "not a multiple of 4");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Weight_table_larger_than_a_core_may_have(bool gzipped)
    {
        // One cell more than the hardware limit, plain (read straight into integers) or gzipped (read as bytes).
        using var v = new VectorFiles("random_01");
        long bytes = 4L * (Nsat.Description.HardwareLimits.MaxWeightCells + 1);
        File.Delete(v.PathOf("sim_wgt_table_core_0.dat"));
        if (gzipped)
        {
            using var gz = new GZipStream(File.Create(v.PathOf("sim_wgt_table_core_0.dat.gz")), CompressionLevel.Fastest);
            var zeros = new byte[1 << 20];
            for (long written = 0; written < bytes; written += zeros.Length)
            {
                gz.Write(zeros, 0, (int)Math.Min(zeros.Length, bytes - written));
            }
        }
        else
        {
            using var f = File.Create(v.PathOf("sim_wgt_table_core_0.dat"));
            f.SetLength(bytes);
        }

        AssertRejected(v, "sim_wgt_table_core_0.dat: size", $"{Nsat.Description.HardwareLimits.MaxWeightCells + 1} weight cells is more than a core's weight memory may have");
    }

    [Test]
    public void External_event_id_out_of_range()
    {
        using var v = new VectorFiles("random_01");
        var b = v.Read("sim_ext_events_core_0.dat");
        // Find the first record with an event and corrupt its first id.
        int pos = 0;
        while (BitConverter.ToInt32(b, pos + 4) == 0)
        {
            pos += 8;
        }

        v.PatchInt("sim_ext_events_core_0.dat", pos + 8, 22);
        AssertRejected(v, "sim_ext_events_core_0.dat: record[", ".id[0]: 22 is outside the allowed range [0, 21]");
    }

    [Test]
    public void External_events_far_too_short()
    {
        using var v = new VectorFiles("random_01"); // 510 ticks: 509 records
        var b = v.Read("sim_ext_events_core_0.dat");
        File.WriteAllBytes(v.PathOf("sim_ext_events_core_0.dat"), b[..8]);
        AssertRejected(v, "sim_ext_events_core_0.dat: size: file has 8 bytes but 509 tick records");
    }

    [Test]
    public void External_events_last_record_truncated()
    {
        using var v = new VectorFiles("random_01");
        v.Truncate("sim_ext_events_core_0.dat", 4);
        AssertRejected(v, "sim_ext_events_core_0.dat: record[", "truncated");
    }

    [Test]
    public void External_events_whose_first_record_takes_the_bytes_of_the_later_headers()
    {
        // 509 records need 4072 bytes of headers; here record 0 holds 2000 ids (more than the
        // (8016 − 4072) / 4 the other headers leave room for), record 1 none, and the file ends.
        using var v = new VectorFiles("random_01");
        var b = new byte[8 + (4 * 2000) + 8];
        BitConverter.GetBytes(1).CopyTo(b, 0);
        BitConverter.GetBytes(2000).CopyTo(b, 4);
        BitConverter.GetBytes(2).CopyTo(b, 8 + (4 * 2000));
        File.WriteAllBytes(v.PathOf("sim_ext_events_core_0.dat"), b);
        AssertRejected(v, "sim_ext_events_core_0.dat: record[2]: file ends after 2 tick records; one record per executed tick (1..509) is required");
    }

    [Test]
    public void External_events_wrong_tick()
    {
        using var v = new VectorFiles("random_01");
        v.PatchInt("sim_ext_events_core_0.dat", 0, 5);
        AssertRejected(v, "sim_ext_events_core_0.dat: record[0].t: is 5; records must be for ticks 1, 2, … in order, this one for tick 1");
    }

    [Test]
    public void External_events_extra_records()
    {
        using var v = new VectorFiles("random_01");
        int ticks = v.ReadInt(Params, ParamsLayout.Ticks);
        v.Append("sim_ext_events_core_0.dat", [.. BitConverter.GetBytes(ticks), .. BitConverter.GetBytes(0)]);
        AssertRejected(v, "sim_ext_events_core_0.dat", "8 unexpected trailing bytes");
    }

    [Test]
    public void Group_map_value_out_of_range()
    {
        using var v = new VectorFiles("random_01");
        var l = new ParamsLayout(v);
        v.PatchInt("sim_nsat_params_map.dat", 0, l.Groups);
        AssertRejected(v, $"sim_nsat_params_map.dat: core[0].group_of_neuron[0]: {l.Groups} is outside the allowed range [0, {l.Groups - 1}]");
    }

    [Test]
    public void Learning_map_of_wrong_size()
    {
        using var v = new VectorFiles("random_01");
        v.Truncate("sim_lrn_params_map.dat", 4);
        AssertRejected(v, "sim_lrn_params_map.dat: size", "one nn·ns block of i32 per core");
    }

    [Test]
    public void Missing_pointer_table()
    {
        using var v = new VectorFiles("random_01");
        File.Delete(v.PathOf("sim_ptr_table_core_0.dat"));
        AssertRejected(v, "sim_ptr_table_core_0.dat: file: required file is missing");
    }

    [Test]
    public void Corrupt_gzip()
    {
        using var v = new VectorFiles("random_01");
        File.Move(v.PathOf("sim_wgt_table_core_0.dat"), v.PathOf("sim_wgt_table_core_0.dat.gz"));
        AssertRejected(v, "sim_wgt_table_core_0.dat.gz: gzip: not a valid gzip stream");
    }

    [Test]
    public void Gzipped_inputs_are_read_transparently()
    {
        using var v = new VectorFiles("random_01");
        var plain = v.Read("sim_wgt_table_core_0.dat");
        using (var gz = new GZipStream(File.Create(v.PathOf("sim_wgt_table_core_0.dat.gz")), CompressionLevel.Fastest))
        {
            gz.Write(plain);
        }

        File.Delete(v.PathOf("sim_wgt_table_core_0.dat"));
        Assert.That(Run(v).Code, Is.Zero);
    }

    [Test]
    public void Empty_directory()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            var (code, _, err) = Nsat.Tests.Cli.CliRunner.Run("run", dir, "--out", Path.Combine(dir, "o"));
            Assert.That(code, Is.EqualTo(2));
            Assert.That(err, Does.Contain("*_params.dat: no reference params file found"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Routing_destination_core_out_of_range()
    {
        using var v = new VectorFiles("test_routing");
        // l1: n_src, then src_core, src_unit, n_dst, (dst_core, dst_input)...
        v.PatchInt("sim_l1_conn.dat", 16, 7);
        AssertRejected(v, "sim_l1_conn.dat: block[0].dst[0].core: 7 is outside the allowed range [0, 1]");
    }

    [Test]
    public void Routing_source_neuron_out_of_range()
    {
        using var v = new VectorFiles("test_routing"); // 100 inputs, 100 neurons
        v.PatchInt("sim_l1_conn.dat", 8, 250);
        AssertRejected(v, "sim_l1_conn.dat: block[0].src_unit: 250 names neuron |250 − ni| = 150 of core 0, which has 100 neurons");
    }

    [Test]
    public void Rounding_bits_out_of_range()
    {
        using var v = new VectorFiles("random_02"); // learning on
        var l = new ParamsLayout(v);
        v.PatchInt(Params, l.LearningGroup0 + 96, 31);
        AssertRejected(v, "core[0].learning_group[0].rr_num_bits: 31 is outside the allowed range [0, 30]");
    }

    [Test]
    public void Exponential_stdp_without_stdp()
    {
        using var v = new VectorFiles("random_02");
        var l = new ParamsLayout(v);
        v.PatchByte(Params, l.LearningGroup0 + 5, 0); // is_stdp_on
        v.PatchByte(Params, l.LearningGroup0 + 6, 1); // is_stdp_exp_on
        AssertRejected(v, "core[0].learning_group[0].is_stdp_exp_on", "refuses");
    }

    [Test]
    public void Modulator_state_out_of_range_with_learning_on()
    {
        using var v = new VectorFiles("random_02");
        var l = new ParamsLayout(v);
        v.PatchInt(Params, l.ModgState, l.Ns);
        AssertRejected(v, $"core[0].group[0].modg_state: {l.Ns} is outside the allowed range [0, {l.Ns - 1}]");
    }

    [Test]
    public void Gated_learning_with_zero_period()
    {
        using var v = new VectorFiles("random_05"); // gated learning
        var l = new ParamsLayout(v);
        int used = v.ReadInt("sim_nsat_params_map.dat", 0);
        int groupSize = 29 + 33 * l.Ns + 8 * l.Ns * l.Ns;
        v.PatchInt(Params, l.Group0 + used * groupSize + 8, 0);
        AssertRejected(v, $"core[0].group[{used}].period: is 0 but the core's learning is gated");
    }
}
