using System.Text;

namespace InterviewLM.Recording.Terminal.Tests;

/// <summary>Keeps every raw output byte a <see cref="TerminalRecorder"/> reads, and waits for text in it.</summary>
internal sealed class RawOutputCapture
{
    private readonly Lock _gate = new();
    private readonly List<byte> _bytes = [];

    public byte[] Bytes
    {
        get
        {
            lock (_gate)
            {
                return [.. _bytes];
            }
        }
    }

    public string Text => Encoding.UTF8.GetString(Bytes);

    public void Append(ReadOnlyMemory<byte> chunk)
    {
        lock (_gate)
        {
            _bytes.AddRange(chunk.Span);
        }
    }

    /// <summary>Waits until <paramref name="expected"/> appears at or after <paramref name="from"/>; returns the index after it.</summary>
    public async Task<int> WaitForAsync(string expected, int from = 0, int timeoutSeconds = 20)
    {
        var deadline = Environment.TickCount64 + (timeoutSeconds * 1000L);
        while (true)
        {
            var text = Text;
            var index = text.IndexOf(expected, Math.Min(from, text.Length), StringComparison.Ordinal);
            if (index >= 0)
            {
                return index + expected.Length;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"'{expected}' did not appear. Output:\n{text}");
            }

            await Task.Delay(10);
        }
    }
}
