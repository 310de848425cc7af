using System.Text;

namespace InterviewLM.Recording.Terminal.Tests;

/// <summary>Accumulates a PTY's output as text (decoded statefully) and waits for patterns in it.</summary>
internal sealed class PtyOutput(PtyProcess pty)
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _text = new();
    private readonly byte[] _buffer = new byte[4096];
    private readonly char[] _chars = new char[4096 + 4];

    public string Text => _text.ToString();

    public bool Ended { get; private set; }

    public static async Task<string> ReadToEndAsync(PtyProcess pty, int timeoutSeconds = 20)
    {
        var output = new PtyOutput(pty);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        while (await output.ReadOnceAsync(timeout.Token))
        {
        }

        return output.Text;
    }

    /// <summary>Reads until the text since <paramref name="from"/> contains <paramref name="expected"/>; returns the index just after it.</summary>
    public async Task<int> WaitForAsync(string expected, int from = 0, int timeoutSeconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        while (true)
        {
            var index = _text.ToString().IndexOf(expected, Math.Min(from, _text.Length), StringComparison.Ordinal);
            if (index >= 0)
            {
                return index + expected.Length;
            }

            try
            {
                if (!await ReadOnceAsync(timeout.Token))
                {
                    throw new InvalidOperationException($"Output ended without '{expected}'. Output:\n{Text}");
                }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"'{expected}' did not appear. Output:\n{Text}");
            }
        }
    }

    public async Task<bool> ReadOnceAsync(CancellationToken cancellationToken)
    {
        var read = await pty.ReadAsync(_buffer, cancellationToken);
        if (read == 0)
        {
            Ended = true;
            return false;
        }

        var count = _decoder.GetChars(_buffer, 0, read, _chars, 0, flush: false);
        _text.Append(_chars, 0, count);
        return true;
    }
}
