using System.Text;
using System.Threading.Channels;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary>What a viewer asks the player to do.</summary>
internal enum PlayerCommand
{
    TogglePause,
    SeekForward,
    SeekBackward,
    Faster,
    Slower,
    Quit,
}

/// <summary>Replays terminal output in real time to a stream, with pause, seek (±5 s) and speed changes.</summary>
/// <remarks>
/// With a <c>screenAt</c> source (a session directory's keyframes), a seek draws the screen at the target at once.
/// Without one (an asciicast), seeking back resets the terminal (<c>ESC c</c>) and rewrites the output from the start up to the new position.
/// </remarks>
internal sealed class CastPlayer
{
    public static readonly TimeSpan SeekStep = TimeSpan.FromSeconds(5);
    private const double MinSpeed = 1.0 / 16;
    private const double MaxSpeed = 64;
    private static readonly byte[] s_reset = "\u001bc"u8.ToArray();

    private readonly List<(TimeSpan Time, byte[] Bytes)> _frames;
    private readonly Stream _output;
    private readonly TimeProvider _time;
    private readonly Channel<PlayerCommand> _commands = Channel.CreateUnbounded<PlayerCommand>();
    private readonly Func<TimeSpan, VirtualTerminal?>? _screenAt;
    private int _next;
    private TimeSpan _anchorPosition;
    private long _anchorTimestamp;

    public CastPlayer(IEnumerable<TimedSessionEvent> events, Stream output, TimeProvider time, double speed, Func<TimeSpan, VirtualTerminal?>? screenAt = null)
    {
        _screenAt = screenAt;
        _frames = [.. events.Where(e => e.Event is TerminalOutput).Select(e => (e.Time, Encoding.UTF8.GetBytes(((TerminalOutput)e.Event).Data)))];
        _output = output;
        _time = time;
        Speed = Math.Clamp(speed, MinSpeed, MaxSpeed);
    }

    public double Speed { get; private set; }

    public bool Paused { get; private set; }

    public TimeSpan Duration => _frames.Count == 0 ? TimeSpan.Zero : _frames[^1].Time;

    public TimeSpan Position => Paused ? _anchorPosition : _anchorPosition + (_time.GetElapsedTime(_anchorTimestamp) * Speed);

    public void Post(PlayerCommand command) => _commands.Writer.TryWrite(command);

    /// <summary>Plays from <paramref name="from"/> (everything before it is written at once) to the end or until quit.</summary>
    public async Task RunAsync(TimeSpan from, CancellationToken cancellationToken)
    {
        Anchor(TimeSpan.Zero);
        await SeekAsync(from, cancellationToken).ConfigureAwait(false);
        Task<bool>? commandReady = null;
        while (_next < _frames.Count)
        {
            if (!Paused)
            {
                await WriteUpToAsync(Position, cancellationToken).ConfigureAwait(false);
                if (_next >= _frames.Count)
                {
                    break;
                }
            }

            commandReady ??= _commands.Reader.WaitToReadAsync(cancellationToken).AsTask();
            if (Paused)
            {
                await commandReady.ConfigureAwait(false);
            }
            else
            {
                var delay = (_frames[_next].Time - Position) / Speed;
                if (delay > TimeSpan.Zero)
                {
                    using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var sleep = Task.Delay(delay, _time, wake.Token);
                    await Task.WhenAny(sleep, commandReady).ConfigureAwait(false);
                    await wake.CancelAsync().ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            if (commandReady.IsCompleted)
            {
                commandReady = null;
                while (_commands.Reader.TryRead(out var command))
                {
                    if (!await HandleAsync(command, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }
        }
    }

    private async Task<bool> HandleAsync(PlayerCommand command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case PlayerCommand.TogglePause:
                var position = Position;
                Paused = !Paused;
                Anchor(position);
                break;
            case PlayerCommand.SeekForward:
                await SeekAsync(Position + SeekStep, cancellationToken).ConfigureAwait(false);
                break;
            case PlayerCommand.SeekBackward:
                await SeekAsync(Position - SeekStep, cancellationToken).ConfigureAwait(false);
                break;
            case PlayerCommand.Faster or PlayerCommand.Slower:
                var at = Position;
                Speed = Math.Clamp(command == PlayerCommand.Faster ? Speed * 2 : Speed / 2, MinSpeed, MaxSpeed);
                Anchor(at);
                break;
            case PlayerCommand.Quit:
                return false;
        }

        return true;
    }

    private async Task SeekAsync(TimeSpan target, CancellationToken cancellationToken)
    {
        target = target < TimeSpan.Zero ? TimeSpan.Zero : target > Duration ? Duration : target;
        if (_screenAt is not null && (_next > 0 || (target > TimeSpan.Zero && (_frames.Count == 0 || target >= _frames[0].Time))))
        {
            // Keyframes: draw the screen at the target at once, whichever way the seek goes, then play on from there.
            await _output.WriteAsync(ScreenRedraw.Render(_screenAt(target)), cancellationToken).ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            _next = 0;
            while (_next < _frames.Count && _frames[_next].Time <= target)
            {
                _next++;
            }

            Anchor(target);
            return;
        }

        if (_next > 0 && target < _frames[_next - 1].Time)
        {
            // Going back: the screen cannot be un-drawn, so reset it and redraw from the start.
            await _output.WriteAsync(s_reset, cancellationToken).ConfigureAwait(false);
            _next = 0;
        }

        await WriteUpToAsync(target, cancellationToken).ConfigureAwait(false);
        Anchor(target);
    }

    private async Task WriteUpToAsync(TimeSpan position, CancellationToken cancellationToken)
    {
        var wrote = false;
        while (_next < _frames.Count && _frames[_next].Time <= position)
        {
            await _output.WriteAsync(_frames[_next].Bytes, cancellationToken).ConfigureAwait(false);
            _next++;
            wrote = true;
        }

        if (wrote)
        {
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Anchor(TimeSpan position)
    {
        _anchorPosition = position;
        _anchorTimestamp = _time.GetTimestamp();
    }
}
