using InterviewLM.Recording.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewLM.Recording.Hosting;

/// <summary>Configures the recording services registered by <c>AddInterviewRecording</c>: the session store and the recording pipeline.</summary>
/// <remarks>
/// The pipeline is the default one (<see cref="InterviewRecording.UseDefaults"/>: <c>files/</c>, <c>claude_interactions.jsonl</c>,
/// <c>terminal.cast</c>, keyframes) with the layers added here before it, outermost first, so a layer that changes events
/// (redaction) is seen by every projection and by storage.
/// </remarks>
public sealed class InterviewRecordingBuilder
{
    private readonly InterviewRecordingConfiguration _configuration;

    internal InterviewRecordingBuilder(IServiceCollection services, InterviewRecordingConfiguration configuration)
    {
        Services = services;
        _configuration = configuration;
    }

    /// <summary>Gets the services the recording services are registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Sets the store sessions are created in, made from the host's services.</summary>
    /// <param name="createStore">Creates the store, once.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="createStore"/> is <see langword="null"/>.</exception>
    public InterviewRecordingBuilder UseStore(Func<IServiceProvider, ISessionStore> createStore)
    {
        ArgumentNullException.ThrowIfNull(createStore);
        _configuration.Store = createStore;
        return this;
    }

    /// <summary>Sets the store sessions are created in.</summary>
    /// <param name="store">The store.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is <see langword="null"/>.</exception>
    public InterviewRecordingBuilder UseStore(ISessionStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return UseStore(_ => store);
    }

    /// <summary>Stores sessions as folders under <paramref name="root"/> (what <see cref="InterviewRecordingOptions.StoreRoot"/> does too).</summary>
    /// <param name="root">The folder.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is <see langword="null"/>.</exception>
    public InterviewRecordingBuilder UseDirectoryStore(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return UseStore(_ => new DirectorySessionStore(root));
    }

    /// <summary>Adds to the pipeline of every session, before the default layers.</summary>
    /// <param name="configure">Adds layers to the pipeline; runs once, when the factory is created.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is <see langword="null"/>.</exception>
    public InterviewRecordingBuilder ConfigurePipeline(Action<SessionPipelineBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return ConfigurePipeline((_, pipeline) => configure(pipeline));
    }

    /// <summary>Adds to the pipeline of every session, before the default layers, with the host's services.</summary>
    /// <param name="configure">Adds layers to the pipeline; runs once, when the factory is created.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is <see langword="null"/>.</exception>
    public InterviewRecordingBuilder ConfigurePipeline(Action<IServiceProvider, SessionPipelineBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configuration.Pipeline.Add(configure);
        return this;
    }

    /// <summary>Adds a layer to the pipeline of every session, before the default layers.</summary>
    /// <param name="layer">Creates the layer over the sink below it, for one session.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is <see langword="null"/>.</exception>
    public InterviewRecordingBuilder Use(Func<IEventSink, SessionPipelineContext, IEventSink> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return ConfigurePipeline(pipeline => pipeline.Use(layer));
    }

    /// <summary>Leaves the default layers out: the pipeline holds only the layers added here, over the storage sink.</summary>
    /// <returns>This builder.</returns>
    public InterviewRecordingBuilder WithoutDefaultLayers()
    {
        _configuration.DefaultLayers = false;
        return this;
    }
}
