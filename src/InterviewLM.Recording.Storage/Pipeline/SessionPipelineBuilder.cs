namespace InterviewLM.Recording.Storage;

/// <summary>Builds a recording pipeline: layers (<see cref="DelegatingEventSink"/>s) over the sink that stores the session.</summary>
/// <remarks>
/// <para>
/// Shaped like <c>ChatClientBuilder</c>: each <see cref="Use(Func{IEventSink, SessionPipelineContext, IEventSink})"/> adds a
/// layer, and the first layer added is the outermost, the first to see each block. The innermost sink is always a
/// <see cref="SessionStorageSink"/> writing through the session's codec. Feature packages add their layers with extension
/// methods (<c>UseKeyframes</c> in Replay, <c>UseTerminalCast</c> in Terminal, <c>UseClaudeInteractions</c> in Claude,
/// <c>UseCodeFiles</c> in Diff); layers that change events (redaction) go first, so everything below sees what is stored.
/// </para>
/// <para>A builder is reusable: <see cref="BuildAsync"/> and <see cref="StartAsync"/> build new layers for every session. Not thread-safe while layers are added.</para>
/// </remarks>
public sealed class SessionPipelineBuilder
{
    private readonly List<Func<IEventSink, SessionPipelineContext, IEventSink>> _layers = [];

    /// <summary>Gets the number of layers added.</summary>
    public int Count => _layers.Count;

    /// <summary>Adds a layer.</summary>
    /// <param name="layer">Creates the layer over the sink below it, for one session.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is <see langword="null"/>.</exception>
    public SessionPipelineBuilder Use(Func<IEventSink, SessionPipelineContext, IEventSink> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _layers.Add(layer);
        return this;
    }

    /// <summary>Adds a layer that needs nothing of the session but the sink below it.</summary>
    /// <param name="layer">Creates the layer over the sink below it.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is <see langword="null"/>.</exception>
    public SessionPipelineBuilder Use(Func<IEventSink, IEventSink> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return Use((inner, _) => layer(inner));
    }

    /// <summary>Adds a layer that folds a projection beside the writer and writes it when the session completes, before the session is marked completed.</summary>
    /// <param name="createProjection">Creates the projection for one session.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="createProjection"/> is <see langword="null"/>.</exception>
    public SessionPipelineBuilder UseProjection(Func<SessionPipelineContext, ISessionProjection> createProjection)
    {
        ArgumentNullException.ThrowIfNull(createProjection);
        return Use((inner, context) => new ProjectionEventSink(inner, createProjection(context), context.Objects));
    }

    /// <summary>Adds a layer that folds every block beside the writer and stores a keyframe after each block in which the fold says one is due.</summary>
    /// <param name="createBuilder">Creates the fold for one session (InterviewLM.Recording.Replay's <c>UseKeyframes()</c> supplies the session fold).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="createBuilder"/> is <see langword="null"/>.</exception>
    /// <remarks>Put it last, directly over the storage sink, which is what stores keyframes.</remarks>
    public SessionPipelineBuilder UseKeyframes(Func<IKeyframeBuilder> createBuilder)
    {
        ArgumentNullException.ThrowIfNull(createBuilder);
        return Use((inner, _) => new KeyframeEventSink(inner, createBuilder()));
    }

    /// <summary>Builds the pipeline for one session: the storage sink and the layers over it.</summary>
    /// <param name="objects">The session's objects; they must hold no events yet.</param>
    /// <param name="storage">The storage settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="services">The host's services for layers that need them, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The outermost sink, which a <see cref="SessionRecorder"/> records into; disposing it disposes every layer and the storage sink.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objects"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The session holds events already.</exception>
    public async ValueTask<IEventSink> BuildAsync(ISessionObjects objects, SessionStorageOptions? storage = null, IServiceProvider? services = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objects);
        storage ??= new SessionStorageOptions();
        var context = new SessionPipelineContext(objects, storage, services);
        IEventSink sink = await SessionStorageSink.CreateAsync(objects, storage, cancellationToken).ConfigureAwait(false);
        try
        {
            for (var i = _layers.Count - 1; i >= 0; i--)
            {
                sink = _layers[i](sink, context) ?? throw new InvalidOperationException($"Layer {i} of the pipeline returned no sink.");
            }
        }
        catch
        {
            await sink.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return sink;
    }

    /// <summary>Creates a session in a store, builds the pipeline for it and starts recording.</summary>
    /// <param name="store">The store.</param>
    /// <param name="recorder">The recorder's settings, or <see langword="null"/> for the defaults; a <see langword="null"/> <see cref="SessionRecorderOptions.SessionId"/> gets a new identifier.</param>
    /// <param name="storage">The storage settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The running recorder; it owns the pipeline (disposing it completes the session and disposes the pipeline).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The store holds a session with that identifier already.</exception>
    public async ValueTask<SessionRecorder> StartAsync(ISessionStore store, SessionRecorderOptions? recorder = null, SessionStorageOptions? storage = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var sessionId = recorder?.SessionId ?? SessionRecorder.NewSessionId();
        var objects = await store.CreateAsync(sessionId, cancellationToken).ConfigureAwait(false);
        var sink = await BuildAsync(objects, storage, null, cancellationToken).ConfigureAwait(false);
        try
        {
            return SessionRecorder.StartOwned(sink, sessionId, recorder);
        }
        catch
        {
            await sink.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
