using ILGPU;
using ILGPU.Runtime;
using Nsat.Execution;
using Nsat.Execution.Engine;
using Nsat.Ilgpu.Kernels;
using Nsat.Image;
using Nsat.Random;
using Nsat.Validation;

namespace Nsat.Ilgpu;

/// <summary>
/// A chip engine on an ILGPU accelerator (a CUDA device or ILGPU's CPU accelerator): the state of every
/// core of every copy lives in device memory, and <see cref="Step"/> runs a tick as a fixed sequence of
/// grid-stride kernels — integration with noise, spike lists, routing, accumulation, gain, learning,
/// reset and last-spike stamps — whose thread count is <see cref="EngineOptions.Threads"/>. Results equal
/// the scalar backend's bit for bit (random-free networks in either mode; counter mode with draws).
/// Views copy from the device on first read after a step, so only what is read crosses.
/// </summary>
public sealed class IlgpuEngine : IChipEngine
{
    private readonly IlgpuDevice _device;
    private readonly bool _ownsDevice;
    private readonly ChipLayout _layout;
    private int _threads;
    private readonly List<MemoryBuffer> _buffers = [];
    private readonly ChipTables _tables;
    private ChipState _state;
    private MemoryBuffer1D<int, Stride1D.Dense> _x;
    private MemoryBuffer1D<int, Stride1D.Dense> _y;
    private MemoryBuffer1D<int, Stride1D.Dense> _input;
    private MemoryBuffer1D<int, Stride1D.Dense> _coreRecords;
    private readonly bool _learns;

    private readonly Action<Index1D, ChipTables, ChipState, int, int, int> _integrate;
    private readonly Action<Index1D, ChipTables, ChipState, int, int> _spikeCount;
    private readonly Action<Index1D, ChipTables, ChipState, int, int> _spikePlace;
    private readonly Action<Index1D, ChipTables, ChipState, int, int> _spikeWrite;
    private readonly Action<Index1D, ChipTables, ChipState, int, int> _routeCount;
    private readonly Action<Index1D, ChipTables, ChipState, int, int> _routePlace;
    private readonly Action<Index1D, ChipTables, ChipState, int, int> _routeDeliver;
    private readonly Action<Index1D, ChipTables, ChipState, int, int, int> _accumulate;
    private readonly Action<Index1D, ChipTables, ChipState, int, int> _gain;
    private readonly Action<Index1D, ChipTables, ChipState, int, int, int> _learning;
    private readonly Action<Index1D, ChipTables, ChipState, int, int, int> _reset;
    private readonly Action<Index1D, ChipTables, ChipState, int, int, int> _inputStamp;

    /// <summary>External ids of the next tick per (copy, core); lengths per (copy, core).</summary>
    private readonly int[][] _pending;
    private readonly int[] _pendingLength;

    /// <summary>What the tick's external input was, per (copy, core) (the ExternalEvents count).</summary>
    private readonly int[] _externalLength;

    private MemoryBuffer1D<int, Stride1D.Dense>? _eventBuffer;

    /// <summary>The host side of the per-tick input upload (lengths, then ids), reused from tick to tick.</summary>
    private int[] _inputHost = [];

    /// <summary>True once disposed.</summary>
    private bool _disposed;

    /// <summary>True when the layout's event lists grew since they were allocated on the device.</summary>
    private bool _relayout;

    /// <summary>Per-copy event and external-input slots allocated on the device.</summary>
    private int _allocatedEvents, _allocatedExternal;

    /// <summary>Each core's first event slot in the allocated lists (the layout's may have moved on since).</summary>
    private int[] _allocatedEventBase = [];

    private readonly HostMirror<int> _spikes = new();
    private readonly HostMirror<int> _spikeLength = new();
    private readonly HostMirror<int> _events = new();
    private readonly HostMirror<int> _eventLength = new();
    private readonly HostMirror<int> _states = new();
    private readonly HostMirror<int> _weights = new();
    private readonly HostMirror<int> _spikeCounts = new();
    private readonly HostMirror<long> _counters = new();
    private readonly HostMirror<long> _routedTo = new();

    private IlgpuEngine(ChipImage image, EngineOptions options, IlgpuDevice device, bool ownsDevice, ChipLayout layout)
    {
        Image = image;
        Copies = options.Copies;
        Random = options.Random;
        _device = device;
        _ownsDevice = ownsDevice;
        _layout = layout;
        _threads = options.Threads;
        _learns = image.Cores.Any(c => c.Learning is not null);
        var acc = device.Accelerator;
        int k = Copies;
        int cores = layout.CoreCount;

        // Nothing is left allocated when a step of the preparation fails (device memory, a kernel that does not load).
        try
        {
            var seeds = new int[k];
            for (int i = 0; i < k; i++)
            {
                seeds[i] = options.SeedOf(i, image.Settings.RngInitState);
            }

            _coreRecords = Upload(layout.Cores);
            _tables = new ChipTables
            {
                CoreCount = cores,
                NeuronTotal = layout.NeuronTotal,
                StateTotal = layout.StateTotal,
                InputTotal = layout.InputTotal,
                WeightTotal = layout.WeightTotal,
                ChunkTotal = layout.ChunkTotal,
                EventTotal = layout.EventTotal,
                ExternalTotal = layout.ExternalTotal,
                CounterMode = options.Random == RandomMode.Counter ? 1 : 0,
                Cores = _coreRecords.View,
                NeuronCore = Upload(layout.NeuronCore).View,
                ChunkCore = Upload(layout.ChunkCore).View,
                NeuronGroup = Upload(layout.NeuronGroup).View,
                Groups = Upload(layout.Groups).View,
                GroupStates = Upload(layout.GroupStates).View,
                Coupling = Upload(layout.Coupling).View,
                InputOffsets = Upload(layout.InputOffsets).View,
                InputProbability = Upload(layout.InputProbability).View,
                InputPost = Upload(layout.InputPost).View,
                InputCell = Upload(layout.InputCell).View,
                NeuronOffsets = Upload(layout.NeuronOffsets).View,
                NeuronProbability = Upload(layout.NeuronProbability).View,
                NeuronPost = Upload(layout.NeuronPost).View,
                NeuronCell = Upload(layout.NeuronCell).View,
                RouteOffsets = Upload(layout.RouteOffsets).View,
                RouteCore = Upload(layout.RouteCore).View,
                RouteInput = Upload(layout.RouteInput).View,
                LearnGroupOf = Upload(layout.LearnGroupOf).View,
                LearnGroups = Upload(layout.LearnGroups).View,
                NoiseMantissa = Upload(layout.NoiseMantissa).View,
                NoiseExponent = Upload(layout.NoiseExponent).View,
                Seeds = Upload(seeds).View,
            };

            _x = Upload(Repeat(layout.InitialStates, k));
            _y = Allocate<int>((long)k * layout.StateTotal);
            _state = new ChipState
            {
                X = _x.View,
                Y = _y.View,
                Accumulator = Allocate<int>((long)k * layout.StateTotal).View,
                Refractory = Allocate<int>((long)k * layout.NeuronTotal).View,
                LastSpikeNeuron = Upload(Filled((long)k * layout.NeuronTotal, CoreState.NeverSpiked)).View,
                LastSpikeInput = Upload(Filled((long)k * layout.InputTotal, CoreState.NeverSpiked)).View,
                Modulator = Allocate<int>((long)k * layout.NeuronTotal).View,
                SpikeCounts = Allocate<int>((long)k * layout.NeuronTotal).View,
                SpikeFlags = Allocate<int>((long)k * layout.NeuronTotal).View,
                Weights = Upload(Repeat(layout.InitialWeights, k)).View,
                Spikes = Allocate<int>((long)k * layout.NeuronTotal).View,
                SpikeLength = Allocate<int>((long)k * cores).View,
                ChunkSpikes = Allocate<int>((long)k * layout.ChunkTotal).View,
                LearnStamp = Allocate<int>((long)k * layout.StateTotal).View,
                LearnFlags = Allocate<int>((long)k * layout.StateTotal).View,
                LearnAcausalDw = Allocate<int>((long)k * layout.StateTotal).View,
                Counters = Allocate<long>((long)k * cores * CounterField.Count).View,
                RoutedTo = Allocate<long>((long)k * cores * cores).View,
                RouteCursor = Allocate<int>((long)k * cores * cores).View,
                EventLength = Allocate<int>((long)k * cores).View,
            };
            _input = null!;
            PlaceEventLists();

            _pending = new int[k * cores][];
            for (int i = 0; i < _pending.Length; i++)
            {
                _pending[i] = [];
            }

            _pendingLength = new int[k * cores];
            _externalLength = new int[k * cores];

            _integrate = acc.LoadAutoGroupedStreamKernel<Index1D, ChipTables, ChipState, int, int, int>(IntegrateKernel.Run);
            _spikeCount = acc.LoadAutoGroupedStreamKernel<Index1D, ChipTables, ChipState, int, int>(SpikeListKernel.Count);
            _spikePlace = acc.LoadAutoGroupedStreamKernel<Index1D, ChipTables, ChipState, int, int>(SpikeListKernel.Place);
            _spikeWrite = acc.LoadAutoGroupedStreamKernel<Index1D, ChipTables, ChipState, int, int>(SpikeListKernel.Write);
            _routeCount = acc.LoadAutoGroupedStreamKernel<Index1D, ChipTables, ChipState, int, int>(RoutingKernel.Count);
            _routePlace = acc.LoadAutoGroupedStreamKernel<Index1D, ChipTables, ChipState, int, int>(RoutingKernel.Place);
            _routeDeliver = acc.LoadAutoGroupedStreamKernel<Index1D, ChipTables, ChipState, int, int>(RoutingKernel.Deliver);
            _accumulate = acc.LoadAutoGroupedStreamKernel<Index1D, ChipTables, ChipState, int, int, int>(AccumulateKernel.Run);
            _gain = acc.LoadAutoGroupedStreamKernel<Index1D, ChipTables, ChipState, int, int>(GainKernel.Run);
            _learning = acc.LoadAutoGroupedStreamKernel<Index1D, ChipTables, ChipState, int, int, int>(LearningKernel.Run);
            _reset = acc.LoadAutoGroupedStreamKernel<Index1D, ChipTables, ChipState, int, int, int>(ResetKernel.Run);
            _inputStamp = acc.LoadAutoGroupedStreamKernel<Index1D, ChipTables, ChipState, int, int, int>(InputStampKernel.Run);
        }
        catch
        {
            FreeBuffers();
            throw;
        }
    }

    /// <summary>
    /// Prepares <paramref name="image"/> on the device <paramref name="device"/> asks for (opened here,
    /// closed with the engine). Refuses reference random numbers on a network that draws (counter mode
    /// only), a batch larger than the device's memory, and asking for CUDA where there is none, each with
    /// an <see cref="NsatFormatException"/> naming the command-line option.
    /// </summary>
    public static IlgpuEngine Prepare(ChipImage image, EngineOptions options, DeviceKind device)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(image, options);
        var layout = new ChipLayout(image);
        var opened = IlgpuDevice.Open(device);
        try
        {
            return Create(image, options, opened, true, layout);
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>As <see cref="Prepare(ChipImage, EngineOptions, DeviceKind)"/> on an open device, which the engine does not close (engines may share one).</summary>
    public static IlgpuEngine Prepare(ChipImage image, EngineOptions options, IlgpuDevice device)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        CheckOptions(image, options);
        return Create(image, options, device, false, new ChipLayout(image));
    }

    /// <summary>The device bytes <paramref name="copies"/> copies of <paramref name="image"/> need (tables once, state per copy).</summary>
    public static long DeviceBytes(ChipImage image, int copies)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        return new ChipLayout(image).DeviceBytes(copies);
    }

    private static IlgpuEngine Create(ChipImage image, EngineOptions options, IlgpuDevice device, bool owns, ChipLayout layout)
    {
        long need = layout.DeviceBytes(options.Copies);
        long have = device.MemoryBytes;
        if (need > have)
        {
            Guard.Fail("command line", "copies (--batch)", $"{options.Copies} copies of this network need {need:N0} bytes of device memory; the device ({device.Accelerator.Name}) has {have:N0}");
        }

        if (layout.LargestPerCopy * options.Copies > int.MaxValue)
        {
            Guard.Fail("command line", "copies (--batch)", $"{options.Copies} copies of this network exceed the engine's 32-bit indices (at most {int.MaxValue / layout.LargestPerCopy} copies)");
        }

        return new IlgpuEngine(image, options, device, owns, layout);
    }

    private static void CheckOptions(ChipImage image, EngineOptions options)
    {
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, "options.Threads");

        if (options.Random == RandomMode.Reference)
        {
            int drawing = image.Cores.Select((c, i) => (c, i)).Where(p => p.c.UsesRandom).Select(p => p.i).DefaultIfEmpty(-1).First();
            if (drawing >= 0)
            {
                Guard.Fail("command line", "--rng", $"reference: core {drawing} draws random numbers, and the ILGPU engine draws only in counter mode (one shared sequential stream cannot run on a device); use --rng counter");
            }
        }
    }

    /// <inheritdoc/>
    public ChipImage Image { get; }

    /// <inheritdoc/>
    public int Copies { get; }

    /// <summary>How this engine draws random numbers.</summary>
    public RandomMode Random { get; }

    /// <summary>True when the engine runs on a CUDA device.</summary>
    public bool IsCuda => _device.IsCuda;

    /// <inheritdoc/>
    public int Tick { get; private set; }

    /// <inheritdoc/>
    /// <remarks>The launch's thread count (grid-stride loops cover any size); at least 1.</remarks>
    public int Threads
    {
        get => _threads;
        set => _threads = Math.Max(1, value);
    }

    /// <inheritdoc/>
    /// <remarks>Every view copies from the device only when read (once per tick), so nothing unread crosses whatever the probes say.</remarks>
    public ProbeSet Probes { get; set; } = ProbeSet.All;

    /// <inheritdoc/>
    public void SetInput(int copy, int core, ReadOnlySpan<int> ids)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(copy);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(copy, Copies);
        ArgumentOutOfRangeException.ThrowIfNegative(core);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(core, _layout.CoreCount);

        // The kernels index by these ids without checks (an out-of-range index on a device is not an exception).
        int inputs = Image.Cores[core].Inputs;
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)inputs)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"external input of core {core}: input id {id} is outside the allowed range [0, {inputs - 1}]");
            }
        }

        // More events than the lists hold (duplicates): grow them before the next step, if the device can take it.
        string? problem = _layout.GrowExternal(core, ids.Length, Copies, _device.MemoryBytes);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(ids));
        }

        _relayout |= _layout.EventTotal != _allocatedEvents || _layout.ExternalTotal != _allocatedExternal;
        int slot = (copy * _layout.CoreCount) + core;
        if (_pending[slot].Length < ids.Length)
        {
            _pending[slot] = new int[Math.Max(ids.Length, 2 * _pending[slot].Length)];
        }

        ids.CopyTo(_pending[slot]);
        _pendingLength[slot] = ids.Length;
    }

    /// <inheritdoc/>
    public void Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int t = ++Tick;
        UploadInput();
        var acc = _device.Accelerator;
        int k = Copies;
        var n = _tables;
        n.EventTotal = _layout.EventTotal;
        n.ExternalTotal = _layout.ExternalTotal;
        var s = _state;
        s.Counters.MemSetToZero();
        s.RoutedTo.MemSetToZero();

        _integrate(_threads, n, s, t, k, _threads);
        _spikeCount(_threads, n, s, k, _threads);
        _spikePlace(_threads, n, s, k, _threads);
        _spikeWrite(_threads, n, s, k, _threads);
        _routeCount(_threads, n, s, k, _threads);
        _routePlace(_threads, n, s, k, _threads);
        _routeDeliver(_threads, n, s, k, _threads);
        s.Accumulator.MemSetToZero();
        _accumulate(_threads, n, s, t, k, _threads);
        _gain(_threads, n, s, k, _threads);
        if (_learns)
        {
            _learning(_threads, n, s, t, k, _threads);
        }

        _reset(_threads, n, s, t, k, _threads);
        _inputStamp(_threads, n, s, t, k, _threads);
        acc.Synchronize();

        // C8 commit: the tentative states become the committed ones.
        (_x, _y) = (_y, _x);
        _state.X = _x.View;
        _state.Y = _y.View;
        InvalidateMirrors();
    }

    /// <inheritdoc/>
    public ReadOnlySpan<int> Spikes(int copy, int core)
    {
        int length = _spikeLength.Read(_state.SpikeLength, Tick)[Slot(copy, core)];
        return _spikes.Read(_state.Spikes, Tick).AsSpan(NeuronStart(copy, core), length);
    }

    /// <inheritdoc/>
    public ReadOnlySpan<int> Events(int copy, int core)
    {
        int length = _eventLength.Read(_state.EventLength, Tick)[Slot(copy, core)];
        int start = (copy * _allocatedEvents) + _allocatedEventBase[core];
        return _events.Read(_state.Events, Tick).AsSpan(start, length);
    }

    /// <inheritdoc/>
    public ReadOnlySpan<int> States(int copy, int core)
    {
        Slot(copy, core);
        var img = Image.Cores[core];
        int start = (copy * _layout.StateTotal) + _layout.Core(core, CoreField.StateBase);
        return _states.Read(_state.X, Tick).AsSpan(start, img.Neurons * img.States);
    }

    /// <inheritdoc/>
    public ReadOnlySpan<int> Weights(int copy, int core)
    {
        Slot(copy, core);
        int start = (copy * _layout.WeightTotal) + _layout.Core(core, CoreField.WeightBase);
        return _weights.Read(_state.Weights, Tick).AsSpan(start, Image.Cores[core].Weights.Length);
    }

    /// <inheritdoc/>
    public ReadOnlySpan<int> SpikeCounts(int copy, int core) =>
        _spikeCounts.Read(_state.SpikeCounts, Tick).AsSpan(NeuronStart(copy, core), Image.Cores[core].Neurons);

    /// <inheritdoc/>
    public EventCounts Counters(int copy, int core)
    {
        int slot = Slot(copy, core);
        if (Tick == 0)
        {
            return default;
        }

        var k = _counters.Read(_state.Counters, Tick).AsSpan(slot * CounterField.Count, CounterField.Count);
        var img = Image.Cores[core];
        long noise = Random == RandomMode.Counter ? _layout.NoiseDraws[core] : 0;
        return new EventCounts
        {
            NeuronAccesses = img.Neurons,
            NeuronUpdates = (long)img.Neurons * img.States,
            SynapticEvents = k[CounterField.SynapticEvents],
            SynOps = k[CounterField.SynOps],
            BlankOutDraws = k[CounterField.BlankOutDraws],
            CausalInputUpdates = k[CounterField.CausalInputUpdates],
            CausalNeuronUpdates = k[CounterField.CausalNeuronUpdates],
            AcausalInputUpdates = k[CounterField.AcausalInputUpdates],
            AcausalNeuronUpdates = k[CounterField.AcausalNeuronUpdates],
            RoundingDraws = k[CounterField.RoundingDraws],
            NoiseDraws = noise,

            // Counter mode: every Gaussian value takes its own two draws (no cached second value).
            RngDraws = k[CounterField.BlankOutDraws] + k[CounterField.RoundingDraws] + (2 * noise),
            Spikes = k[CounterField.Spikes],
            RoutedEvents = k[CounterField.RoutedEvents],
            RoutedIn = k[CounterField.RoutedIn],
            ExternalEvents = _externalLength[slot],
        };
    }

    /// <inheritdoc/>
    public ReadOnlySpan<long> RoutedTo(int copy, int core)
    {
        int slot = Slot(copy, core);
        int cores = _layout.CoreCount;
        return _routedTo.Read(_state.RoutedTo, Tick).AsSpan(slot * cores, cores);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        FreeBuffers();
        if (_ownsDevice)
        {
            _device.Dispose();
        }
    }

    private void FreeBuffers()
    {
        foreach (var b in _buffers)
        {
            b.Dispose();
        }

        _buffers.Clear();
    }

    private int Slot(int copy, int core)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(copy);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(copy, Copies);
        ArgumentOutOfRangeException.ThrowIfNegative(core);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(core, _layout.CoreCount);
        return (copy * _layout.CoreCount) + core;
    }

    private int NeuronStart(int copy, int core)
    {
        Slot(copy, core);
        return (copy * _layout.NeuronTotal) + _layout.Core(core, CoreField.NeuronBase);
    }

    /// <summary>Packs the pending external input of every (copy, core) into one array and uploads it in one copy (lengths first, then ids).</summary>
    private void UploadInput()
    {
        int cores = _layout.CoreCount;
        if (_relayout)
        {
            PlaceEventLists();
            _relayout = false;
        }

        int lengths = Copies * cores;
        long size = lengths + ((long)Copies * _layout.ExternalTotal);
        if (_inputHost.Length != size)
        {
            _inputHost = new int[size];
        }

        var host = _inputHost;
        for (int i = 0; i < lengths; i++)
        {
            int copy = i / cores, c = i - (copy * cores);
            int length = _pendingLength[i];
            host[i] = length;
            Array.Copy(_pending[i], 0, host, lengths + (copy * _layout.ExternalTotal) + _layout.Core(c, CoreField.ExternalBase), length);
            _externalLength[i] = length;
            _pendingLength[i] = 0;
        }

        _input.View.SubView(0, host.Length).CopyFromCPU(host);
    }

    /// <summary>(Re)allocates the event and external-input lists for the layout's capacities and uploads the core records that locate them.</summary>
    private void PlaceEventLists()
    {
        int cores = _layout.CoreCount;
        if (_input is not null)
        {
            _buffers.Remove(_input);
            _input.Dispose();
            _buffers.Remove(_eventBuffer!);
            _eventBuffer?.Dispose();
        }

        long lengths = (long)Copies * cores;
        _input = Allocate<int>(lengths + ((long)Copies * _layout.ExternalTotal));
        _state.ExternalLength = _input.View.SubView(0, lengths);
        _state.External = _input.View.SubView(lengths, (long)Copies * _layout.ExternalTotal);
        _eventBuffer = Allocate<int>((long)Copies * _layout.EventTotal);
        _allocatedEvents = _layout.EventTotal;
        _allocatedExternal = _layout.ExternalTotal;
        _allocatedEventBase = [.. Enumerable.Range(0, cores).Select(c => _layout.Core(c, CoreField.EventBase))];
        _state.Events = _eventBuffer.View;
        _coreRecords.View.CopyFromCPU(_layout.Cores);
    }

    private void InvalidateMirrors()
    {
        _spikes.Invalidate();
        _spikeLength.Invalidate();
        _events.Invalidate();
        _eventLength.Invalidate();
        _states.Invalidate();
        _weights.Invalidate();
        _spikeCounts.Invalidate();
        _counters.Invalidate();
        _routedTo.Invalidate();
    }

    private MemoryBuffer1D<T, Stride1D.Dense> Allocate<T>(long length)
        where T : unmanaged
    {
        var b = _device.Accelerator.Allocate1D<T>(Math.Max(1, length));
        b.MemSetToZero();
        _buffers.Add(b);
        return b;
    }

    private MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(T[] data)
        where T : unmanaged
    {
        var b = Allocate<T>(data.Length);
        if (data.Length > 0)
        {
            b.View.SubView(0, data.Length).CopyFromCPU(data);
        }

        return b;
    }

    private static int[] Repeat(int[] block, int copies)
    {
        var all = new int[(long)block.Length * copies];
        for (int i = 0; i < copies; i++)
        {
            Array.Copy(block, 0, all, (long)i * block.Length, block.Length);
        }

        return all;
    }

    private static int[] Filled(long length, int value)
    {
        var a = new int[length];
        Array.Fill(a, value);
        return a;
    }
}
