using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Testing;

/// <summary>Represents a session store in memory, for hosts' tests: sessions as byte arrays, with counts of the bytes read from each object.</summary>
/// <remarks>Safe for concurrent use.</remarks>
public sealed class InMemorySessionStore : ISessionStore
{
    private readonly ConcurrentDictionary<string, InMemorySessionObjects> _sessions = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public ValueTask<ISessionObjects> CreateAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        SessionObjectNames.ValidateSessionId(sessionId);
        var created = new InMemorySessionObjects("memory:" + sessionId);
        return _sessions.TryAdd(sessionId, created)
            ? ValueTask.FromResult<ISessionObjects>(created)
            : throw new IOException($"The store holds a session '{sessionId}' already.");
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlySessionObjects> OpenAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        SessionObjectNames.ValidateSessionId(sessionId);
        return _sessions.TryGetValue(sessionId, out var session)
            ? ValueTask.FromResult<IReadOnlySessionObjects>(session)
            : throw new DirectoryNotFoundException($"The store holds no session '{sessionId}'.");
    }

    /// <summary>Gets a stored session's objects, to inspect or damage them in a test.</summary>
    /// <param name="sessionId">The session's identifier.</param>
    /// <returns>The objects.</returns>
    /// <exception cref="KeyNotFoundException">The store holds no such session.</exception>
    public InMemorySessionObjects this[string sessionId] => _sessions[sessionId];

    /// <inheritdoc/>
    public async IAsyncEnumerable<string> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var id in _sessions.Keys.Order(StringComparer.Ordinal).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return id;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        SessionObjectNames.ValidateSessionId(sessionId);
        return ValueTask.FromResult(_sessions.TryRemove(sessionId, out _));
    }
}
