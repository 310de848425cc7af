using InterviewLM.Recording.Storage;
using Microsoft.Extensions.Logging;

namespace InterviewLM.Recording.Hosting;

/// <summary>The outermost layer of a hosted session: logs its completion, or the failure that ended it, once.</summary>
internal sealed class LoggingSessionSink(IEventSink inner, ILogger logger, string sessionId) : DelegatingEventSink(inner)
{
    private long _events;
    private TimeSpan _duration;
    private bool _failed;

    public override async ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default)
    {
        try
        {
            await base.WriteAsync(block, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Failed(ex);
            throw;
        }

        _events += block.Length;
        if (!block.IsEmpty)
        {
            _duration = block.Span[^1].Time;
        }
    }

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await base.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Failed(ex);
            throw;
        }

        Log.SessionCompleted(logger, sessionId, _events, _duration);
    }

    private void Failed(Exception ex)
    {
        if (!_failed)
        {
            _failed = true;
            Log.SessionFailed(logger, ex, sessionId);
        }
    }
}
