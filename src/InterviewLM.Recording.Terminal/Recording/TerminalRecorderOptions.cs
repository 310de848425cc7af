namespace InterviewLM.Recording.Terminal;

/// <summary>Represents the settings of a <see cref="TerminalRecorder"/>.</summary>
public sealed class TerminalRecorderOptions
{
    /// <summary>Gets or sets a value indicating whether input written through the recorder is recorded as <see cref="TerminalInput"/>.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RecordInput { get; set; } = true;

    /// <summary>Gets or sets how long to wait, once the program has exited, for the rest of its output (a background job may keep the terminal open).</summary>
    /// <value>The default is 2 seconds.</value>
    public TimeSpan OutputDrainTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets a callback that sees every chunk of raw output as it is read (for example to echo it to a real terminal).</summary>
    /// <remarks>Called on the recorder's reading task; the memory is only valid during the call.</remarks>
    public Action<ReadOnlyMemory<byte>>? OutputReceived { get; set; }

    /// <summary>Gets or sets the size of the output read buffer.</summary>
    /// <value>The default is 16 KiB.</value>
    public int ReadBufferSize { get; set; } = 16 * 1024;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(OutputDrainTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadBufferSize, 16);
    }
}
