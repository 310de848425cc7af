using Microsoft.Extensions.Logging;

namespace InterviewLM.Recording.Hosting;

/// <summary>The recording services' log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "SessionStarted", Level = LogLevel.Information, Message = "Recording session {SessionId} started in {Location}")]
    public static partial void SessionStarted(ILogger logger, string sessionId, string location);

    [LoggerMessage(EventId = 2, EventName = "SessionCompleted", Level = LogLevel.Information, Message = "Recording session {SessionId} completed: {EventCount} events over {Duration}")]
    public static partial void SessionCompleted(ILogger logger, string sessionId, long eventCount, TimeSpan duration);

    [LoggerMessage(EventId = 3, EventName = "SessionFailed", Level = LogLevel.Error, Message = "Recording session {SessionId} failed")]
    public static partial void SessionFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 4, EventName = "SessionStartFailed", Level = LogLevel.Error, Message = "Recording session {SessionId} could not start")]
    public static partial void SessionStartFailed(ILogger logger, Exception exception, string sessionId);
}
