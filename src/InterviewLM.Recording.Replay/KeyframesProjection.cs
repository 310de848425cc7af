using InterviewLM.Recording.SeekIndex;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Replay;

/// <summary>Writes a session's keyframes file and the keyframes section of <c>index.json</c> when the session is finalized.</summary>
/// <remarks>Add it to <see cref="SessionDirectoryOptions.Projections"/>; sessions without it get their keyframes the first time <see cref="SessionKeyframes.LoadAsync"/> opens them.</remarks>
/// <param name="policy">The placement policy, or <see langword="null"/> for <see cref="KeyframePolicy.Default"/>.</param>
public sealed class KeyframesProjection(KeyframePolicy? policy = null) : ISessionProjection
{
    /// <inheritdoc/>
    public string Name => "keyframes";

    /// <inheritdoc/>
    public Task WriteAsync(SessionDirectory session, CancellationToken cancellationToken = default) => SessionKeyframes.WriteAsync(session, policy, cancellationToken);
}
