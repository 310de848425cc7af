using System.Text;
using System.Threading.Channels;
using InterviewLM.Recording.Replay;

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

/// <summary>Plays a terminal timeline to a stream in real time by driving <see cref="SessionPlayer"/>: pause, seek (±5 s) and speed changes.</summary>
/// <remarks>
/// <para>
/// Terminal output is written as the player applies it (its <see cref="SessionPlayer.TerminalOutput"/> event); a seek
/// draws the screen the player restored (from its nearest keyframe) at once, whichever way it goes. The output before
/// the start position is written as it was recorded.
/// </para>
/// <para>
/// Speed runs from 1/16 to 64 times real time: <see cref="SessionPlayer"/> clamps its own speed to 0.25–4, so the player
/// runs at speed 1 on a <see cref="PlaybackClock"/> that runs at the chosen rate.
/// </para>
/// </remarks>
internal sealed class TerminalPlayback : IDisposable
{
    public static readonly TimeSpan SeekStep = TimeSpan.FromSeconds(5);
    private const double MinSpeed = 1.0 / 16;
    private const double MaxSpeed = 64;

    private readonly SessionTimeline _timeline;
    private readonly Stream _output;
    private readonly PlaybackClock _clock;
    private readonly SessionPlayer _player;
    private readonly Channel<PlayerCommand> _commands = Channel.CreateUnbounded<PlayerCommand>();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TerminalPlayback(SessionTimeline timeline, Stream output, TimeProvider time, double speed)
    {
        _timeline = timeline;
        _output = output;
        _clock = new PlaybackClock(time, Math.Clamp(speed, MinSpeed, MaxSpeed));
        _player = new SessionPlayer(timeline, _clock);
        _player.TerminalOutput += OnTerminalOutput;
        _player.Ended += (_, _) => _ended.TrySetResult();
    }

    public double Speed => _clock.Rate;

    public bool Paused { get; private set; }

    public TimeSpan Duration => _timeline.Duration;

    public void Post(PlayerCommand command) => _commands.Writer.TryWrite(command);

    /// <summary>Plays from <paramref name="from"/> (the output before it is written at once) to the end or until quit.</summary>
    /// <remarks>Playing has started when this returns its task: a clock step taken after the call is seen.</remarks>
    public async Task RunAsync(TimeSpan from, CancellationToken cancellationToken)
    {
        try
        {
            from = from < TimeSpan.Zero ? TimeSpan.Zero : from;
            WriteRecordedOutputUpTo(from);
            if (from >= Duration)
            {
                return;
            }

            _player.Seek(from);
            _player.Play();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                while (true)
                {
                    var ready = _commands.Reader.WaitToReadAsync(stop.Token).AsTask();
                    await Task.WhenAny(ready, _ended.Task).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                    if (_ended.Task.IsCompleted)
                    {
                        await _ended.Task.ConfigureAwait(false); // rethrows a failed write
                        return;
                    }

                    while (_commands.Reader.TryRead(out var command))
                    {
                        if (!Handle(command))
                        {
                            return;
                        }
                    }
                }
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _player.Dispose();
        }
    }

    public void Dispose() => _player.Dispose();

    // Returns false when playback is over.
    private bool Handle(PlayerCommand command)
    {
        switch (command)
        {
            case PlayerCommand.TogglePause when Paused:
                _player.Play();
                Paused = false;
                break;
            case PlayerCommand.TogglePause:
                _player.Pause();
                Paused = true;
                break;
            case PlayerCommand.SeekForward or PlayerCommand.SeekBackward:
                // Paused first, so no tick writes between the seek and the redraw of its screen.
                _player.Pause();
                var target = _player.Position + (command == PlayerCommand.SeekForward ? SeekStep : -SeekStep);
                target = target < TimeSpan.Zero ? TimeSpan.Zero : target > Duration ? Duration : target;
                _player.Seek(target);
                Write(ScreenRedraw.Render(_player.State.Terminal));
                if (target >= Duration)
                {
                    return false;
                }

                if (!Paused)
                {
                    _player.Play();
                }

                break;
            case PlayerCommand.Faster or PlayerCommand.Slower:
                _clock.Rate = Math.Clamp(command == PlayerCommand.Faster ? _clock.Rate * 2 : _clock.Rate / 2, MinSpeed, MaxSpeed);
                break;
            case PlayerCommand.Quit:
                return false;
        }

        return true;
    }

    private void WriteRecordedOutputUpTo(TimeSpan position)
    {
        foreach (var recorded in _timeline.Events)
        {
            if (recorded.Time > position)
            {
                break;
            }

            if (recorded.Event is TerminalOutput output)
            {
                Write(Encoding.UTF8.GetBytes(output.Data));
            }
        }
    }

    // On the player's timer thread, under its lock: events arrive in order and are written at once (a slow reader of the
    // output slows the player, it never reorders it).
    private void OnTerminalOutput(object? sender, RecordedEventArgs e)
    {
        try
        {
            Write(Encoding.UTF8.GetBytes(((TerminalOutput)e.Recorded.Event).Data));
        }
        catch (IOException ex)
        {
            _ended.TrySetException(ex); // RunAsync stops the player and rethrows
        }
    }

    private void Write(byte[] bytes)
    {
        _output.Write(bytes);
        _output.Flush();
    }
}
