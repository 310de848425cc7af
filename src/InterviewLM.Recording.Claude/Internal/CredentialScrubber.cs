using System.Net.Http.Headers;

namespace InterviewLM.Recording.Claude.Internal;

/// <summary>Collects the credential values a request carries and removes them from any text that is recorded.</summary>
/// <remarks>
/// Headers and URLs are never recorded at all; this is a second line of defence for text that is recorded (prompts,
/// responses, error messages), in case a credential was echoed or pasted into it.
/// </remarks>
internal sealed class CredentialScrubber
{
    public const string Redacted = "[REDACTED]";

    // Shorter values are too likely to occur by chance in ordinary text.
    private const int MinimumSecretLength = 8;

    private static readonly string[] s_credentialNameParts =
        ["auth", "key", "token", "secret", "password", "passwd", "cookie", "credential", "signature", "session"];

    private List<string>? _secrets;

    public static CredentialScrubber None { get; } = new();

    public bool IsEmpty => _secrets is null;

    public static bool LooksLikeCredentialName(string name)
    {
        foreach (var part in s_credentialNameParts)
        {
            if (name.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static CredentialScrubber FromRequest(HttpRequestMessage request)
    {
        var scrubber = new CredentialScrubber();
        scrubber.AddHeaders(request.Headers);
        if (request.Content is { } content)
        {
            scrubber.AddHeaders(content.Headers);
        }

        if (request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            scrubber.AddQuery(uri.Query);
            if (uri.UserInfo.Length > 0)
            {
                scrubber.AddSecret(Uri.UnescapeDataString(uri.UserInfo));
                var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
                if (colon >= 0)
                {
                    scrubber.AddSecret(Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]));
                }
            }
        }

        return scrubber;
    }

    public void AddSecret(string? value)
    {
        if (value is null)
        {
            return;
        }

        value = value.Trim();
        if (value.Length < MinimumSecretLength)
        {
            return;
        }

        _secrets ??= [];
        if (!_secrets.Contains(value))
        {
            _secrets.Add(value);
            // Longest first, so a value that contains another is removed whole.
            _secrets.Sort(static (a, b) => b.Length.CompareTo(a.Length));
        }
    }

    public string Scrub(string text)
    {
        if (_secrets is null || text.Length < MinimumSecretLength)
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Redacted, StringComparison.Ordinal);
            }
        }

        return text;
    }

    public string? ScrubNullable(string? text) => text is null ? null : Scrub(text);

    private void AddHeaders(HttpHeaders headers)
    {
        foreach (var header in headers.NonValidated)
        {
            if (!LooksLikeCredentialName(header.Key))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                AddSecret(value);
                // "Bearer sk-..." / "Basic ...": the token without its scheme, too.
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0)
                {
                    AddSecret(value[(space + 1)..]);
                }
            }
        }
    }

    private void AddQuery(string query)
    {
        if (query.Length <= 1)
        {
            return;
        }

        foreach (var pair in query.AsSpan(1).ToString().Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = Uri.UnescapeDataString(pair[..equals]);
            if (LooksLikeCredentialName(name))
            {
                var value = pair[(equals + 1)..];
                AddSecret(value);
                AddSecret(Uri.UnescapeDataString(value));
            }
        }
    }
}
