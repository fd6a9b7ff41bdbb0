using System.CommandLine;
using System.Globalization;
using Nsat.Learning.Examples;
using Nsat.Rules;
using Nsat.Validation;

namespace Nsat.Simulator.Commands;

/// <summary>
/// <c>nsat learning-example</c>: runs one pre/post spike pair through the real engine and prints the
/// rule and every weight change, the worked example of docs/learning.md.
/// </summary>
internal static class LearningExampleCommand
{
    public static Command Create()
    {
        var pre = new Option<string>("--pre") { Description = "Comma-separated ticks at which the input (pre) spikes.", DefaultValueFactory = _ => "2,10" };
        var post = new Option<int>("--post") { Description = "Tick at which the neuron (post) spikes.", DefaultValueFactory = _ => 4 };
        var horizon = new Option<int>("--core-horizon") { Description = "The core's STDP horizon T: a causal update waits at most T ticks after the pre spike.", DefaultValueFactory = _ => 30 };
        var ticks = new Option<int>("--ticks") { Description = "Ticks to simulate.", DefaultValueFactory = _ => 60 };
        var rule = new Option<string>("--rule") { Description = "stdp (piecewise STDP) or modulated (the eRBP-style rule: 2^-2 of the modulator at every pre spike).", DefaultValueFactory = _ => "stdp" };
        rule.OneOf("stdp", "modulated");
        var cmd = new Command("learning-example", "Show the learning rule at work on one pre/post spike pair (1 input → 1 neuron, modulator 64).")
        {
            pre, post, horizon, ticks, rule,
        };
        cmd.SetAction(r => CliErrors.Guard(() => Execute(r.GetValue(pre)!, r.GetValue(post), r.GetValue(horizon), r.GetValue(ticks), r.GetValue(rule)!)));
        return cmd;
    }

    private static int Execute(string preText, int postTick, int coreHorizon, int ticks, string ruleName)
    {
        int[] preTicks;
        try
        {
            preTicks = [.. preText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        }
        catch (FormatException)
        {
            throw new NsatFormatException("command line", "--pre", $"'{preText}' is not a comma-separated list of ticks");
        }

        Guard.InRange(ticks, 2, 100_000, "command line", "--ticks");
        Guard.InRange(postTick, 1, ticks - 1, "command line", "--post");
        Guard.InRange(coreHorizon, 1, 100_000, "command line", "--core-horizon");
        foreach (int t in preTicks)
        {
            Guard.InRange(t, 1, ticks - 1, "command line", "--pre");
        }

        LearningRule rule = ruleName == "modulated" ? new ModulatedRule(-2) : StdpPairExample.Rule();
        var (sim, cell) = StdpPairExample.Build(rule, preTicks, postTick, coreHorizon, ticks + 1);
        Console.WriteLine(Describe(rule, coreHorizon));
        Console.WriteLine($"pre spikes at {string.Join(", ", preTicks)}; post spike at {postTick}; initial weight {sim.Weights(0)[cell]}");
        Console.WriteLine();
        Console.WriteLine("| tick | events | weight after the tick | change |");
        Console.WriteLine("|---:|---|---:|---:|");
        int w = sim.Weights(0)[cell];
        while (sim.Tick < sim.TotalTicks)
        {
            sim.Step();
            int t = sim.Tick;
            var events = new List<string>();
            if (sim.Events(0).Length > 0)
            {
                events.Add("pre");
            }

            if (sim.Spikes(0).Length > 0)
            {
                events.Add("post");
            }

            // A time-out is due T ticks after the latest earlier pre spike (a later pre spike supersedes it).
            int lastPre = preTicks.Where(p => p < t).DefaultIfEmpty(int.MinValue).Max();
            if (lastPre != int.MinValue && t - lastPre == coreHorizon)
            {
                events.Add($"time-out of the pre spike at {lastPre}");
            }

            int now = sim.Weights(0)[cell];
            if (events.Count > 0 || now != w)
            {
                Console.WriteLine($"| {t} | {(events.Count == 0 ? "-" : string.Join(", ", events))} | {now} | {(now == w ? "0" : (now - w).ToString("+0;-0", CultureInfo.InvariantCulture))} |");
            }

            w = now;
        }

        return ExitCodes.Ok;
    }

    private static string Describe(LearningRule rule, int coreHorizon)
    {
        static string Seg(WindowSegment s, string by) => $"{(s.Sign >= 0 ? "+" : "−")}{by}·2^{s.Exponent}";
        return rule switch
        {
            StdpRule s =>
                $"rule: STDP, horizon {s.Horizon}, core horizon T = {coreHorizon}, modulator {StdpPairExample.Modulator}\n" +
                $"  causal  (d = t_post − t_pre > 0): 1 ≤ d < {s.Causal.NearEnd}: {Seg(s.Causal.Near, "g")}; {s.Causal.NearEnd} ≤ d < {s.Causal.MidEnd}: {Seg(s.Causal.Mid, "g")}; {s.Causal.MidEnd} ≤ d < {s.Horizon}: {Seg(s.Causal.Far, "g")}\n" +
                $"  acausal (d < 0, by |d|):        1 ≤ |d| < {s.Acausal.NearEnd}: {Seg(s.Acausal.Near, "m")}; {s.Acausal.NearEnd} ≤ |d| < {s.Acausal.MidEnd}: {Seg(s.Acausal.Mid, "m")}; {s.Acausal.MidEnd} ≤ |d| < {s.Horizon}: {Seg(s.Acausal.Far, "m")}",
            ModulatedRule m => $"rule: modulated (STDP off), Δw = m·2^{m.Exponent} at every pre spike, modulator m = {StdpPairExample.Modulator}",
            _ => "rule: static",
        };
    }
}
