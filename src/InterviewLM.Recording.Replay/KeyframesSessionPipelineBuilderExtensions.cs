using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Replay;

/// <summary>Adds the session fold's keyframes to a recording pipeline.</summary>
public static class KeyframesSessionPipelineBuilderExtensions
{
    /// <summary>Adds a layer that runs the session fold beside the writer and stores a keyframe where the policy places one, so a seek restores it instead of folding from the start.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="policy">The placement policy, or <see langword="null"/> for <see cref="KeyframePolicy.Default"/>.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>Add it last, directly over the storage sink.</remarks>
    public static SessionPipelineBuilder UseKeyframes(this SessionPipelineBuilder builder, KeyframePolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseKeyframes(() => SessionKeyframes.CreateBuilder(policy));
    }
}
