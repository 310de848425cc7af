namespace InterviewLM.Recording.Storage;

/// <summary>Provides the names of a session's objects and the rules for names and identifiers.</summary>
public static class SessionObjectNames
{
    /// <summary>The metadata object.</summary>
    public const string Metadata = "metadata.json";

    /// <summary>The seek index object.</summary>
    public const string Index = "index.json";

    /// <summary>Throws when <paramref name="name"/> is not a valid object name: a relative path of non-empty parts separated by <c>/</c>, without <c>.</c> or <c>..</c> parts or <c>\</c>.</summary>
    /// <param name="name">The name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not valid.</exception>
    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('\\', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal) ||
            name.Split('/').Any(static part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"'{name}' is not a valid session object name (a relative path with '/' between non-empty parts).", nameof(name));
        }
    }

    /// <summary>Throws when <paramref name="sessionId"/> is not a valid session identifier: 1–128 ASCII letters, digits, <c>-</c>, <c>_</c> or <c>.</c>, not starting with <c>.</c>.</summary>
    /// <param name="sessionId">The identifier.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sessionId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="sessionId"/> is not valid.</exception>
    public static void ValidateSessionId(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (sessionId.Length is 0 or > 128 || sessionId[0] == '.' || !sessionId.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"'{sessionId}' is not a valid session identifier (1–128 ASCII letters, digits, '-', '_' or '.', not starting with '.').", nameof(sessionId));
        }
    }
}
