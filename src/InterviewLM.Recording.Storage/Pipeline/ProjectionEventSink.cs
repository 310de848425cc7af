namespace InterviewLM.Recording.Storage;

/// <summary>A layer that folds a projection beside the writer and writes it before the session below completes.</summary>
internal sealed class ProjectionEventSink(IEventSink inner, ISessionProjection projection, ISessionObjects objects) : DelegatingEventSink(inner)
{
    public override async ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default)
    {
        await base.WriteAsync(block, cancellationToken).ConfigureAwait(false);
        // After the block is stored: a projection never holds an event the events object lacks.
        foreach (var recorded in block.Span)
        {
            projection.Apply(recorded);
        }
    }

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        await projection.WriteAsync(objects, cancellationToken).ConfigureAwait(false);
        await base.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
