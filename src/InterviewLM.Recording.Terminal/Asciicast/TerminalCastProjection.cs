using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Terminal;

/// <summary>Represents the <c>terminal.cast</c> projection: the session's terminal channel as an asciicast recording, folded as events pass.</summary>
/// <remarks>
/// The cast is encoded as events arrive into memory and written as one object when the session completes (no object when the
/// session has no terminal events). Add it to a pipeline with
/// <see cref="TerminalSessionPipelineBuilderExtensions.UseTerminalCast"/>; rebuild it from a stored session with
/// <see cref="SessionProjections.RebuildAsync"/>.
/// </remarks>
#pragma warning disable CA1001 // The MemoryStream it owns holds no unmanaged resource; the projection is dropped after WriteAsync.
public sealed class TerminalCastProjection : ISessionProjection
#pragma warning restore CA1001
{
    /// <summary>The projection's object name.</summary>
    public const string ObjectName = "terminal.cast";

    private readonly MemoryStream _cast = new();
    private readonly AsciicastConverter.AsciicastExportMapper _mapper;

    /// <summary>Initializes a new instance of the <see cref="TerminalCastProjection"/> class.</summary>
    /// <param name="options">The export settings, or <see langword="null"/> for asciicast v2 with input and markers.</param>
    public TerminalCastProjection(AsciicastExportOptions? options = null)
    {
        _mapper = new AsciicastConverter.AsciicastExportMapper(options ?? new AsciicastExportOptions(), _cast);
    }

    /// <inheritdoc/>
    public string Name => ObjectName;

    /// <summary>Gets the number of asciicast events so far.</summary>
    public long Count => _mapper.Count;

    /// <inheritdoc/>
    public void Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        _mapper.Add(recorded);
        _mapper.Writer?.FlushIfFull();
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(ISessionObjects session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_mapper.Count == 0)
        {
            return; // no terminal: no cast
        }

        _mapper.Finish();
        _mapper.Writer!.Flush();
        var content = _cast.GetBuffer().AsMemory(0, (int)_cast.Length);
        await session.ReplaceAsync(ObjectName, content, cancellationToken).ConfigureAwait(false);
    }
}
