using Nsat.Observation;

namespace Nsat.Tests.Cli;

/// <summary>
/// Output files: a failing write or close (a full disk) never leaves the temporary, and an aborted
/// registry removes the temporaries of every open file and the outputs already committed.
/// </summary>
public sealed class AtomicFileTests : TempDirectoryTest
{
    [Test]
    public void A_commit_that_fails_to_flush_leaves_no_temporary()
    {
        string path = Path.Combine(Dir, "out.dat");
        var f = new AtomicFile(path, DiskFullAfter(0));
        f.Writer.Write(new byte[100]);
        Assert.Multiple(() =>
        {
            Assert.That(f.Commit, Throws.InstanceOf<IOException>());
            Assert.That(File.Exists(f.TempPath), Is.True, "the temporary exists until disposal");
        });
        f.Dispose();
        Assert.That(Directory.GetFiles(Dir), Is.Empty);
    }

    [Test]
    public void Disposal_deletes_the_temporary_even_when_the_last_flush_fails()
    {
        string path = Path.Combine(Dir, "out.dat");
        var f = new AtomicFile(path, DiskFullAfter(0));
        f.Writer.Write(new byte[100]);
        // The bytes wait in the stream's buffer: closing it has to write them.
        Assert.DoesNotThrow(f.Dispose);
        Assert.That(Directory.GetFiles(Dir), Is.Empty);
    }

    [Test]
    public void WriteAll_that_fails_midway_leaves_nothing()
    {
        string path = Path.Combine(Dir, "sim_params.dat");
        Assert.Throws<IOException>(() =>
        {
            using var f = new AtomicFile(path, DiskFullAfter(16));
            for (int i = 0; i < 100; i++)
            {
                f.Writer.Write(i);
                f.Writer.Flush();
            }

            f.Commit();
        });
        Assert.That(Directory.GetFiles(Dir), Is.Empty);
    }

    [Test]
    public void A_writer_whose_disposal_fails_does_not_keep_the_temporary()
    {
        var f = new AtomicFile(Path.Combine(Dir, "energy.csv"), DiskFullAfter(0));
        var w = new StreamWriter(f.Stream, leaveOpen: true);
        w.Write(new string('x', 100));
        Assert.DoesNotThrow(() => f.DisposeWith(w));
        Assert.That(Directory.GetFiles(Dir), Is.Empty);
    }

    [Test]
    public void An_aborted_registry_removes_open_and_committed_files_and_refuses_more()
    {
        string done = Path.Combine(Dir, "done.dat");
        string open = Path.Combine(Dir, "open.dat");
        using var registry = AtomicFileRegistry.Begin();
        AtomicFile.WriteAll(done, w => w.Write(1));
        using var writing = new AtomicFile(open);
        writing.Writer.Write(2);
        Assert.That(registry.LiveTemporaries, Is.EqualTo(new[] { writing.TempPath }));
        // From another thread, as a signal handler would: the writer is left holding an unlinked file.
        bool aborted = Task.Run(registry.Abort).GetAwaiter().GetResult();
        Assert.Multiple(() =>
        {
            Assert.That(aborted, Is.True);
            Assert.That(registry.IsAborted, Is.True);
            Assert.That(Directory.GetFiles(Dir), Is.Empty, "the temporary and the committed output are gone");
            Assert.That(writing.Commit, Throws.InstanceOf<OperationCanceledException>());
            Assert.That(() => new AtomicFile(Path.Combine(Dir, "late.dat")), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(registry.Abort(), Is.False, "a second abort does nothing");
        });
        writing.Dispose();
        Assert.That(Directory.GetFiles(Dir), Is.Empty, "a refused open or commit leaves nothing");
    }

    [Test]
    public void A_registry_that_ended_no_longer_aborts_and_is_no_longer_current()
    {
        string done = Path.Combine(Dir, "done.dat");
        var registry = AtomicFileRegistry.Begin();
        AtomicFile.WriteAll(done, w => w.Write(1));
        registry.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(registry.Abort(), Is.False);
            Assert.That(File.Exists(done), Is.True, "the outputs of a completed operation stay");
            Assert.That(AtomicFileRegistry.Current, Is.Not.SameAs(registry));
            Assert.That(registry.Committed, Is.EqualTo(new[] { done }));
        });
    }

    [Test]
    public void Files_outside_a_registry_are_not_tracked_by_it()
    {
        using var registry = AtomicFileRegistry.Begin();
        string other = Path.Combine(Dir, "other.dat");
        // Another operation's thread, started outside this registry's flow.
        var t = new Thread(() => AtomicFile.WriteAll(other, w => w.Write(3)));
        using (ExecutionContext.SuppressFlow())
        {
            t.Start();
        }

        t.Join();
        registry.Abort();
        Assert.That(File.Exists(other), Is.True);
    }

    /// <summary>A stream on the temporary whose writes fail with "no space" once <paramref name="bytes"/> were written.</summary>
    private static Func<string, Stream> DiskFullAfter(int bytes) =>
        temp => new DiskFullStream(new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None), bytes);

    /// <summary>Buffers writes like a FileStream and fails, as a full disk does, when the buffer goes to the file.</summary>
    private sealed class DiskFullStream(FileStream inner, int capacity) : Stream
    {
        private readonly MemoryStream _buffer = new();
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written + _buffer.Length;

        public override long Position { get => Length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
            if (_buffer.Length == 0)
            {
                return;
            }

            if (_written + _buffer.Length > capacity)
            {
                throw new IOException("No space left on device");
            }

            _buffer.WriteTo(inner);
            _written += _buffer.Length;
            _buffer.SetLength(0);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _buffer.Write(buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            try
            {
                if (disposing)
                {
                    Flush();
                }
            }
            finally
            {
                inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
