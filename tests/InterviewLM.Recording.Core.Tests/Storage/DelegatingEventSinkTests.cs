using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Testing;

namespace InterviewLM.Recording.Core.Tests.Storage;

public sealed class DelegatingEventSinkTests
{
    private static readonly RecordedEvent[] s_block =
    [
        new(0, TimeSpan.Zero, new SessionStarted("s", DateTimeOffset.UnixEpoch)),
        new(1, TimeSpan.FromSeconds(1), new TerminalOutput("secret")),
    ];

    [Fact]
    public void Constructor_NullInner_Throws() => Assert.Throws<ArgumentNullException>(() => new PassThrough(null!));

    [Fact]
    public async Task EveryMember_PassThroughLayer_ForwardsToInner()
    {
        var inner = new InMemoryEventSink();
        var layer = new PassThrough(inner);

        await layer.WriteAsync(s_block);
        await layer.CompleteAsync();
        Assert.False(inner.IsDisposed);
        await layer.DisposeAsync();

        Assert.Equal(s_block, Assert.Single(inner.Blocks));
        Assert.True(inner.IsCompleted);
        Assert.True(inner.IsDisposed);
    }

    [Fact]
    public async Task WriteAsync_LayerChangingEvents_InnerSeesTheChangedBlock()
    {
        var inner = new InMemoryEventSink();
        await using var layer = new Redacting(new PassThrough(inner));

        await layer.WriteAsync(s_block);

        Assert.Equal(new TerminalOutput("[REDACTED]"), inner.Events[1].Event);
        Assert.Equal(s_block[0], inner.Events[0]);
    }

    [Fact]
    public async Task WriteKeyframeAsync_InnerStoresKeyframes_Forwarded()
    {
        var inner = new KeyframeRecordingSink();
        await using var layer = new PassThrough(new PassThrough(inner));

        await layer.WriteKeyframeAsync(7, TimeSpan.FromSeconds(3), new byte[] { 1, 2, 3 });

        var (nextSequence, time, state) = Assert.Single(inner.Keyframes);
        Assert.Equal((7L, TimeSpan.FromSeconds(3)), (nextSequence, time));
        Assert.Equal([1, 2, 3], state);
    }

    [Fact]
    public async Task WriteKeyframeAsync_InnerStoresNoKeyframes_ThrowsNotSupported()
    {
        await using var layer = new PassThrough(new InMemoryEventSink());

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => layer.WriteKeyframeAsync(1, TimeSpan.Zero, new byte[] { 1 }).AsTask());
        Assert.Contains(nameof(InMemoryEventSink), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_LayerWithOwnResources_ReleasesThemThenInner()
    {
        var order = new List<string>();
        var inner = new KeyframeRecordingSink { OnDispose = () => order.Add("inner") };
        var layer = new OwningLayer(inner, () => order.Add("layer"));

        await layer.DisposeAsync();

        Assert.Equal(["layer", "inner"], order);
    }

    private sealed class PassThrough(IEventSink inner) : DelegatingEventSink(inner);

    private sealed class Redacting(IEventSink inner) : DelegatingEventSink(inner)
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default)
        {
            var changed = block.ToArray().Select(r => r.Event is TerminalOutput ? r with { Event = new TerminalOutput("[REDACTED]") } : r).ToArray();
            return base.WriteAsync(changed, cancellationToken);
        }
    }

    private sealed class OwningLayer(IEventSink inner, Action released) : DelegatingEventSink(inner)
    {
        protected override ValueTask DisposeAsyncCore()
        {
            released();
            return base.DisposeAsyncCore();
        }
    }

    private sealed class KeyframeRecordingSink : IEventSink, IKeyframeSink
    {
        public List<(long, TimeSpan, byte[])> Keyframes { get; } = [];

        public Action? OnDispose { get; init; }

        public ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask WriteKeyframeAsync(long nextSequence, TimeSpan time, ReadOnlyMemory<byte> state, CancellationToken cancellationToken = default)
        {
            Keyframes.Add((nextSequence, time, state.ToArray()));
            return ValueTask.CompletedTask;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync()
        {
            OnDispose?.Invoke();
            return ValueTask.CompletedTask;
        }
    }
}
