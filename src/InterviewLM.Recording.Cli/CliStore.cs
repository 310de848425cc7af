using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli;

/// <summary>How every command opens and creates sessions: the one place the CLI turns a path into session objects.</summary>
/// <remarks>
/// A session argument is a session directory or a session ZIP (from <c>export --format zip</c>); both open read only
/// through <see cref="StoredSession"/>, so reading a session never writes it. New sessions are recorded through the
/// one default pipeline (<see cref="InterviewRecording.CreatePipeline"/>): keyframes, <c>terminal.cast</c>,
/// <c>claude_interactions.jsonl</c> and <c>files/</c>.
/// </remarks>
internal static class CliStore
{
    /// <summary>Gets a value indicating whether <paramref name="path"/> names a session (a directory, or a <c>.zip</c> file) rather than another file (an asciicast).</summary>
    public static bool IsSession(string path) =>
        Directory.Exists(path) || (File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase));

    /// <summary>Opens a session directory or session ZIP for reading.</summary>
    public static async Task<StoredSession> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        IReadOnlySessionObjects objects = !Directory.Exists(path) && File.Exists(path)
            ? ZipSessionObjects.Open(path)
            : DirectorySessionObjects.Open(path);
        return await StoredSession.OpenAsync(objects, CliCodecs.All, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a session directory for an explicit rewrite (<c>rebuild</c>); a ZIP is read only.</summary>
    public static DirectorySessionObjects OpenWritable(string path) =>
        !Directory.Exists(path) && File.Exists(path)
            ? throw new ArgumentException($"'{path}' is a file; only a session directory can be rewritten (import the ZIP first: ilmrec import ZIP --out DIR).")
            : DirectorySessionObjects.Open(path);

    /// <summary>Creates the storage settings for a new session with the named codec.</summary>
    public static SessionStorageOptions CreateStorage(string codecName, TimeProvider? timeProvider = null) => new()
    {
        Codec = CliCodecs.All.Get(codecName),
        TimeProvider = timeProvider ?? TimeProvider.System,
    };

    /// <summary>Creates a new session directory and builds the default pipeline over it, for a writer that starts its own recorder.</summary>
    public static async Task<IEventSink> CreateAsync(string path, SessionStorageOptions storage, CancellationToken cancellationToken) =>
        await InterviewRecording.CreatePipeline().BuildAsync(DirectorySessionObjects.Create(path), storage, null, cancellationToken).ConfigureAwait(false);

    /// <summary>Creates a new session directory and starts recording it through the default pipeline; the recorder owns the pipeline.</summary>
    public static async Task<SessionRecorder> StartAsync(string path, SessionStorageOptions storage, SessionRecorderOptions? recorder, CancellationToken cancellationToken)
    {
        var sink = await CreateAsync(path, storage, cancellationToken).ConfigureAwait(false);
        try
        {
            return SessionRecorder.StartOwned(sink, recorder?.SessionId ?? SessionRecorder.NewSessionId(), recorder);
        }
        catch
        {
            await sink.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
