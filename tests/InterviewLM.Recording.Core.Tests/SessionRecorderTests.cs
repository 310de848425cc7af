using InterviewLM.Recording.Testing;
using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Core.Tests;

public sealed partial class SessionRecorderTests
{
    private static (SessionRecorder Recorder, InMemoryEventSink Sink, FakeTimeProvider Clock) Start(Action<SessionRecorderOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        var sink = new InMemoryEventSink();
        var options = new SessionRecorderOptions { TimeProvider = clock, SessionId = "sess_1", FlushInterval = TimeSpan.FromHours(1) };
        configure?.Invoke(options);
        return (SessionRecorder.Start(sink, options), sink, clock);
    }

    [Fact]
    public async Task Record_AssignsSequenceAndClockTime_AndCompleteAddsSessionEnd()
    {
        var (recorder, sink, clock) = Start();
        clock.Advance(TimeSpan.FromMilliseconds(1500.0047));
        var marker = recorder.Record(new Marker("one"));
        clock.Advance(TimeSpan.FromSeconds(1));
        var output = recorder.Record(new TerminalOutput("x"));
        await recorder.DisposeAsync();

        Assert.Equal(1, marker.Sequence);
        Assert.Equal(TimeSpan.FromTicks(15_000_040), marker.Time); // truncated to whole microseconds
        Assert.Equal(2, output.Sequence);
        var events = sink.Events;
        Assert.Equal(new SessionStarted("sess_1", clock.Start), events[0].Event);
        Assert.Equal(new SessionEnded("completed"), events[^1].Event);
        Assert.Equal([0L, 1, 2, 3], events.Select(e => e.Sequence));
        Assert.True(sink.IsCompleted);
    }

    [Fact]
    public async Task CompleteAsync_CompletingCallbacks_RunOnceInOrderAndWhatTheyRecordIsStoredBeforeTheEnd()
    {
        var (recorder, sink, _) = Start();
        var runs = new List<string>();
        using var first = recorder.RegisterCompleting(() =>
        {
            runs.Add("first");
            recorder.Record(new Marker("held back"));
        });
        var removed = recorder.RegisterCompleting(() => runs.Add("removed"));
        using var second = recorder.RegisterCompleting(() => runs.Add("second"));
        removed.Dispose();

        await recorder.CompleteAsync();
        await recorder.CompleteAsync();
        using var late = recorder.RegisterCompleting(() => runs.Add("late"));
        await recorder.DisposeAsync();

        Assert.Equal(["first", "second"], runs);
        Assert.Equal([typeof(SessionStarted), typeof(Marker), typeof(SessionEnded)], sink.Events.Select(e => e.Event.GetType()));
        Assert.Equal(new Marker("held back"), sink.Events[1].Event);
    }

    [Fact]
    public async Task CompleteAsync_CalledAgainWhileCallbacksRun_WaitsForThemSoWhatTheyRecordIsStored()
    {
        var (recorder, sink, _) = Start();
        using var inCallback = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        recorder.RegisterCompleting(() =>
        {
            inCallback.Set();
            release.Wait();
            recorder.Record(new Marker("held back"));
        });

        var first = Task.Run(() => recorder.CompleteAsync().AsTask());
        Assert.True(inCallback.Wait(TimeSpan.FromSeconds(30)));
        var second = Task.Run(() => recorder.CompleteAsync().AsTask());
        await Task.Delay(100); // time enough for the second call to end the session, were it not held
        release.Set();
        await Task.WhenAll(first, second);

        Assert.Equal([typeof(SessionStarted), typeof(Marker), typeof(SessionEnded)], sink.Events.Select(e => e.Event.GetType()));
    }

    [Fact]
    public async Task CompleteAsync_CompletingCallbackThrows_OthersRunSessionCompletesAndTheFailureIsThrown()
    {
        var (recorder, sink, _) = Start();
        var ran = false;
        recorder.RegisterCompleting(() => throw new InvalidOperationException("capture broke"));
        recorder.RegisterCompleting(() => ran = true);

        var thrown = await Assert.ThrowsAsync<AggregateException>(() => recorder.CompleteAsync().AsTask());

        Assert.Equal("capture broke", Assert.Single(thrown.InnerExceptions).Message);
        Assert.True(ran);
        Assert.True(sink.IsCompleted);
        Assert.IsType<SessionEnded>(sink.Events[^1].Event);
    }

    [Fact]
    public async Task Record_ManyThreadsAtOnce_StoresEveryEventOnceInSequenceOrder()
    {
        var (recorder, sink, _) = Start(o => o.MaxBlockEvents = 97);
        const int Threads = 8, PerThread = 5000;
        var tasks = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                recorder.Record(new TerminalOutput($"{t}:{i}"));
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        await recorder.CompleteAsync();

        var events = sink.Events;
        Assert.Equal((Threads * PerThread) + 2, events.Count);
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        var outputs = events.Select(e => e.Event).OfType<TerminalOutput>().Select(o => o.Data.Split(':')).ToList();
        for (var t = 0; t < Threads; t++)
        {
            Assert.Equal(Enumerable.Range(0, PerThread).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), outputs.Where(o => o[0] == t.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(o => o[1]));
        }

        Assert.All(sink.Blocks, b => Assert.InRange(b.Count, 1, 97));
    }

    [Fact]
    public async Task Record_EditOutsideDocument_IsRejectedAndNeverStored()
    {
        var (recorder, sink, _) = Start();
        recorder.Record(new FileCreated("f", "a.py", InitialContent: "abc"));
        recorder.Record(new TextEdited("f", new[] { new TextChange(3, 0, "d") }));
        var ex = Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new TextEdited("f", new[] { new TextChange(3, 2, "x") })));
        Assert.Contains("document is 4 UTF-16 units long", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new TextEdited("f", new[] { new TextChange(-1, 0, "x") })));
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new TextEdited("f", new[] { new TextChange(0, 2, "x"), new TextChange(1, 1, "y") })));
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new TextEdited("f", EquatableArray<TextChange>.Empty)));
        recorder.Record(new TextEdited("f", new[] { new TextChange(0, 1, "A"), new TextChange(4, 0, "!") }));
        await recorder.CompleteAsync();

        Assert.Equal(5, sink.Events.Count);
        Assert.Equal(3, sink.Events[3].Sequence);
    }

    [Fact]
    public async Task Record_UnknownFileOrBadInput_IsRejectedWithAClearMessage()
    {
        var (recorder, sink, _) = Start();
        Assert.Contains("file 'nope' is unknown", Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new TextEdited("nope", new[] { new TextChange(0, 0, "x") }))).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new FileRenamed("nope", "b.py")));
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new FileDeleted("nope")));
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new TerminalResized(0, 24)));
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new UiEvent("rrweb", "{not json")));
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new SessionEnded("x")));
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new ClaudeInteraction("m", "model", "p", "r", new ClaudeUsage(-1, 0), TimeSpan.Zero)));
        recorder.Record(new FileCreated("f", "a.py"));
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new FileCreated("f", "b.py")));
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new CodeSnapshot("f", "ABC", EquatableArray<LineDiffOperation>.Empty)));
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new CodeSnapshot("f", ContentHasher.Hash("zz"), EquatableArray<LineDiffOperation>.Empty, "zz")));
        recorder.Record(new FileDeleted("f"));
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new TextEdited("f", new[] { new TextChange(0, 0, "x") })));
        await recorder.CompleteAsync();
        Assert.Equal(4, sink.Events.Count);
    }

    [Fact]
    public async Task Record_FileSkipped_IsAcceptedWhenWellFormedAndRejectedOtherwise()
    {
        var (recorder, sink, _) = Start();
        var hash = ContentHasher.Hash("\0binary"u8);
        recorder.Record(new FileSkipped("assets/logo.png", 7, hash, FileSkipped.BinaryReason));
        Assert.Contains("size -1 is negative", Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new FileSkipped("a.bin", -1, hash, FileSkipped.BinaryReason))).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new FileSkipped("a.bin", 1, hash.ToUpperInvariant(), FileSkipped.BinaryReason)));
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new FileSkipped("a.bin", 1, "abc", FileSkipped.BinaryReason)));
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new FileSkipped(string.Empty, 1, hash, FileSkipped.BinaryReason)));
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new FileSkipped("a.bin", 1, hash, string.Empty)));
        await recorder.CompleteAsync();
        Assert.Equal((EventChannel.Code, "file_skipped"), (sink.Events[1].Event.Channel, sink.Events[1].Event.Type));
        Assert.Equal(3, sink.Events.Count);
    }

    [Fact]
    public async Task Record_HostTimeGoingBackwards_IsRejected()
    {
        var (recorder, sink, _) = Start();
        recorder.Record(new Marker("a"), TimeSpan.FromSeconds(5));
        var ex = Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new Marker("b"), TimeSpan.FromSeconds(4)));
        Assert.Contains("never goes backwards", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new Marker("c"))); // the clock is still at 0
        recorder.Record(new Marker("d"), TimeSpan.FromSeconds(5));
        await recorder.CompleteAsync();
        Assert.Equal(["a", "d"], sink.Events.Select(e => e.Event).OfType<Marker>().Select(m => m.Label));
        Assert.Equal(TimeSpan.FromSeconds(5), sink.Events[^1].Time);
    }

    [Fact]
    public async Task Record_ClockGoingBackwards_IsRejected()
    {
        var clock = new SteppingClock();
        var sink = new InMemoryEventSink();
        var recorder = SessionRecorder.Start(sink, new SessionRecorderOptions { TimeProvider = clock });
        clock.Ticks = 10_000_000;
        recorder.Record(new Marker("a"));
        clock.Ticks = 5_000_000;
        Assert.Contains("clock went backwards", Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new Marker("b"))).Message, StringComparison.Ordinal);
        await recorder.CompleteAsync();
        Assert.Equal(3, sink.Events.Count);
    }

    [Fact]
    public async Task Record_QueueFullInFailMode_ThrowsAndDropsNothingAccepted()
    {
        var (recorder, sink, _) = Start(o =>
        {
            o.Capacity = 4;
            o.FullMode = RecorderFullMode.Fail;
            o.MaxBlockEvents = 1;
        });
        sink.Pause();
        var accepted = 0;
        var rejected = 0;
        for (var i = 0; i < 50; i++)
        {
            try
            {
                recorder.Record(new Marker($"m{i}"));
                accepted++;
            }
            catch (RecorderFullException)
            {
                rejected++;
            }
        }

        Assert.True(rejected > 0);
        sink.Resume();
        await recorder.CompleteAsync();
        Assert.Equal(accepted + 2, sink.Events.Count);
        Assert.Equal(Enumerable.Range(0, accepted + 2).Select(i => (long)i), sink.Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Record_QueueFullInWaitMode_WaitsUntilTheWriterHasRoom()
    {
        var (recorder, sink, _) = Start(o =>
        {
            o.Capacity = 2;
            o.MaxBlockEvents = 1;
        });
        sink.Pause();
        var producer = Task.Run(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                recorder.Record(new Marker($"m{i}"));
            }
        });
        await Task.Delay(100);
        Assert.False(producer.IsCompleted);
        sink.Resume();
        await producer.WaitAsync(TimeSpan.FromSeconds(10));
        await recorder.CompleteAsync();
        Assert.Equal(22, sink.Events.Count);
    }

    [Fact]
    public async Task FlushInterval_Elapses_WritesAPartialBlock()
    {
        var (recorder, sink, clock) = Start(o => o.FlushInterval = TimeSpan.FromSeconds(1));
        recorder.Record(new Marker("a"));
        Assert.Empty(sink.Blocks);
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => sink.Blocks.Count == 1);
        Assert.Equal(2, sink.Events.Count);
        await recorder.CompleteAsync();
    }

    [Fact]
    public async Task MaxBlockBytes_Reached_FlushesWithoutWaitingForTheInterval()
    {
        var (recorder, sink, _) = Start(o => o.MaxBlockBytes = 1000);
        recorder.Record(new TerminalOutput(new string('x', 2000)));
        await WaitUntilAsync(() => sink.Blocks.Count == 1);
        await recorder.CompleteAsync();
        Assert.Equal(2, sink.Blocks.Count);
    }

    [Fact]
    public async Task FlushAsync_WritesEverythingRecordedBefore()
    {
        var (recorder, sink, _) = Start();
        recorder.Record(new Marker("a"));
        recorder.Record(new Marker("b"));
        await recorder.FlushAsync();
        Assert.Equal(3, sink.Events.Count);
        await recorder.CompleteAsync();
    }

    [Fact]
    public async Task WriterFailure_IsReportedToProducersAndCompletion()
    {
        var (recorder, sink, _) = Start(o => o.MaxBlockEvents = 1);
        sink.FailWith(new IOException("disk full"));
        recorder.Record(new Marker("a"));
        await WaitUntilAsync(() =>
        {
            try
            {
                recorder.Record(new Marker("probe"));
                return false;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        });
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await recorder.CompleteAsync());
        Assert.IsType<IOException>(ex.InnerException);
        Assert.False(sink.IsCompleted);
    }

    [Fact]
    public async Task Record_AfterCompletion_Throws()
    {
        var (recorder, _, _) = Start();
        await recorder.CompleteAsync();
        Assert.Throws<InvalidOperationException>(() => recorder.Record(new Marker("late")));
    }

    [Fact]
    public void Start_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SessionRecorder.Start(new InMemoryEventSink(), new SessionRecorderOptions { Capacity = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SessionRecorder.Start(new InMemoryEventSink(), new SessionRecorderOptions { FlushInterval = TimeSpan.Zero }));
        Assert.Throws<ArgumentNullException>(() => SessionRecorder.Start(null!));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "the condition did not become true within 10 s");
            await Task.Delay(5);
        }
    }

    private sealed class SteppingClock : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }

    [Fact]
    public async Task StartOwned_Disposed_DisposesItsSinkAfterCompletingIt()
    {
        var sink = new InMemoryEventSink();
        var recorder = SessionRecorder.StartOwned(sink, "sess_owned", new SessionRecorderOptions { SessionId = "sess_other" });
        recorder.Record(new Marker("m"));

        await recorder.DisposeAsync();

        Assert.Equal("sess_owned", recorder.SessionId);
        Assert.Equal(new SessionStarted("sess_owned", recorder.StartedAt), sink.Events[0].Event);
        Assert.True(sink.IsCompleted);
        Assert.True(sink.IsDisposed);
        Assert.IsType<SessionEnded>(sink.Events[^1].Event);
    }

    [Fact]
    public async Task StartOwned_CompletedThenDisposed_DisposesTheSinkOnlyOnDispose()
    {
        var sink = new InMemoryEventSink();
        var recorder = SessionRecorder.StartOwned(sink, "sess_owned", null);

        await recorder.CompleteAsync();
        Assert.True(sink.IsCompleted);
        Assert.False(sink.IsDisposed);
        await recorder.DisposeAsync();

        Assert.True(sink.IsDisposed);
    }

    [Fact]
    public async Task Start_Disposed_LeavesTheSinkToItsOwner()
    {
        var sink = new InMemoryEventSink();

        await SessionRecorder.Start(sink).DisposeAsync();

        Assert.True(sink.IsCompleted);
        Assert.False(sink.IsDisposed);
    }

    [Fact]
    public void StartOwned_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => SessionRecorder.StartOwned(null!, "s", null));
        Assert.Throws<ArgumentNullException>(() => SessionRecorder.StartOwned(new InMemoryEventSink(), null!, null));
    }
}
