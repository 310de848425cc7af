namespace InterviewLM.Recording.Storage;

/// <summary>Represents a layer of a recording pipeline: a sink that wraps another and passes every call on to it.</summary>
/// <remarks>
/// <para>
/// Derive from it to see, change or add to the blocks on their way to storage (redaction, projections, keyframes, a catalog
/// row), as <c>DelegatingChatClient</c> does for chat clients. Each member passes the call to <see cref="InnerSink"/>
/// unchanged; override what the layer needs and call the base.
/// </para>
/// <para>
/// Like every <see cref="IEventSink"/>, a layer is called by one writer at a time, never concurrently. Disposing a layer
/// disposes the sink it wraps.
/// </para>
/// </remarks>
public abstract class DelegatingEventSink : IEventSink, IKeyframeSink
{
    /// <summary>Initializes a new instance of the <see cref="DelegatingEventSink"/> class.</summary>
    /// <param name="innerSink">The sink to pass calls on to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerSink"/> is <see langword="null"/>.</exception>
    protected DelegatingEventSink(IEventSink innerSink)
    {
        ArgumentNullException.ThrowIfNull(innerSink);
        InnerSink = innerSink;
    }

    /// <summary>Gets the sink calls are passed on to.</summary>
    protected IEventSink InnerSink { get; }

    /// <inheritdoc/>
    public virtual ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default) =>
        InnerSink.WriteAsync(block, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">No sink below this layer stores keyframes.</exception>
    public virtual ValueTask WriteKeyframeAsync(long nextSequence, TimeSpan time, ReadOnlyMemory<byte> state, CancellationToken cancellationToken = default) =>
        InnerSink is IKeyframeSink keyframes
            ? keyframes.WriteKeyframeAsync(nextSequence, time, state, cancellationToken)
            : throw new NotSupportedException($"{InnerSink.GetType().Name} does not store keyframes.");

    /// <inheritdoc/>
    public virtual ValueTask CompleteAsync(CancellationToken cancellationToken = default) => InnerSink.CompleteAsync(cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the layer's own resources, then disposes <see cref="InnerSink"/>.</summary>
    /// <returns>A task that completes when both are disposed.</returns>
    protected virtual ValueTask DisposeAsyncCore() => InnerSink.DisposeAsync();
}
