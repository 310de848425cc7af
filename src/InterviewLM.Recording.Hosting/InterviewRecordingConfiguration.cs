using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Hosting;

/// <summary>What an <see cref="InterviewRecordingBuilder"/> configured: the store and the pipeline's layers (one per service collection).</summary>
internal sealed class InterviewRecordingConfiguration
{
    public Func<IServiceProvider, ISessionStore>? Store { get; set; }

    public List<Action<IServiceProvider, SessionPipelineBuilder>> Pipeline { get; } = [];

    public bool DefaultLayers { get; set; } = true;
}
