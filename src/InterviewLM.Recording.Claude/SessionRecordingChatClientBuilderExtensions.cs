using InterviewLM.Recording;
using InterviewLM.Recording.Claude;

namespace Microsoft.Extensions.AI;

/// <summary>Provides <see cref="ChatClientBuilder"/> extensions that add session recording.</summary>
public static class SessionRecordingChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="SessionRecordingChatClient"/> that records every call into <paramref name="recorder"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="recorder">Where interactions are recorded; share it with the session's other Claude captures so calls are ordered together.</param>
    /// <returns>The same <paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="recorder"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder UseSessionRecording(this ChatClientBuilder builder, ClaudeInteractionRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(recorder);
        return builder.Use(inner => new SessionRecordingChatClient(inner, recorder));
    }

    /// <summary>Adds a <see cref="SessionRecordingChatClient"/> that records every call into a session, through <see cref="ClaudeInteractionRecorder.For(SessionRecorder)"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="recorder">The session's recorder.</param>
    /// <returns>The same <paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="recorder"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder UseSessionRecording(this ChatClientBuilder builder, SessionRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        return builder.UseSessionRecording(ClaudeInteractionRecorder.For(recorder));
    }
}
