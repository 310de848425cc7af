namespace InterviewLM.Recording.Storage;

/// <summary>Represents what a layer of a recording pipeline is built for: the session's objects, its storage settings and the host's services.</summary>
public sealed class SessionPipelineContext
{
    /// <summary>Initializes a new instance of the <see cref="SessionPipelineContext"/> class.</summary>
    /// <param name="objects">The session's objects.</param>
    /// <param name="storage">The storage settings.</param>
    /// <param name="services">The host's services, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="objects"/> or <paramref name="storage"/> is <see langword="null"/>.</exception>
    public SessionPipelineContext(ISessionObjects objects, SessionStorageOptions storage, IServiceProvider? services)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(storage);
        Objects = objects;
        Storage = storage;
        Services = services;
    }

    /// <summary>Gets the session's objects, where a layer writes what it derives (projections, for one).</summary>
    public ISessionObjects Objects { get; }

    /// <summary>Gets the storage settings (codec, metadata facts, clock).</summary>
    public SessionStorageOptions Storage { get; }

    /// <summary>Gets the host's services, or <see langword="null"/> outside dependency injection.</summary>
    public IServiceProvider? Services { get; }
}
