using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace InterviewLM.Recording.Terminal.Tests;

public sealed class VirtualTerminalSnapshotTests
{
    // Pieces of terminal output: text (wide, combining, emoji), controls, escape sequences, and cut-off sequences.
    private static readonly string[] s_pieces =
    [
        "hello", "x", "0123456789abcdefghij", " ", "日本語", "😀", "e\u0301", "\u0301", "\r", "\n", "\r\n", "\b", "\t",
        "\u001b[2J", "\u001b[H", "\u001b[5;10H", "\u001b[K", "\u001b[1K", "\u001b[2K", "\u001b[J", "\u001b[1J", "\u001b[3L", "\u001b[2M",
        "\u001b[4@", "\u001b[3P", "\u001b[5X", "\u001b[2S", "\u001b[T", "\u001b[3;10r", "\u001b[r", "\u001b[?6h", "\u001b[?6l",
        "\u001b[?7l", "\u001b[?7h", "\u001b[?1049h", "\u001b[?1049l", "\u001b[?47h", "\u001b[?47l", "\u001b7", "\u001b8", "\u001b[s", "\u001b[u",
        "\u001bM", "\u001bD", "\u001bE", "\u001bH", "\u001b[g", "\u001b[3g", "\u001b[2I", "\u001b[Z", "\u001b(0", "\u001b(B", "lqqk", "\u000e", "\u000f",
        "\u001b[1;31;44m", "\u001b[38;5;200m", "\u001b[48;2;1;2;3m", "\u001b[38:2::10:20:30m", "\u001b[0m", "\u001b[7;3;9m", "\u001b[4h", "\u001b[4l",
        "\u001b]0;title\u0007", "\u001b]2;other\u001b\\", "\u001bc", "\u001b[!p", "\u001b[3b", "\u001b[10C", "\u001b[3A", "\u001b[2E", "\u001b[7G",
        "\u001b[", "\u001b[1;", "\u001b]2;part", "\u001bP1$q", "\u001b#8", "\u001b[?45h", "\u001b[\"q", "\u001b[1\"q", "\u001b[?2J", "\u009b2J",
    ];

    private static Gen<string> Output =>
        Gen.Elements(s_pieces).ArrayOf().Select(parts => string.Concat(parts));

    [Property(MaxTest = 300)]
    public Property Restore_RandomOutputThenMore_BehavesIdentically() =>
        Prop.ForAll(
            Arb.From(from before in Output from after in Output from cols in Gen.Choose(2, 30) from rows in Gen.Choose(1, 12) select (before, after, cols, rows)),
            input =>
        {
            var (before, after, cols, rows) = input;
            var original = new VirtualTerminal(cols, rows);
            original.Write(before);
            var snapshot = original.Snapshot();
            var restored = VirtualTerminal.FromSnapshot(ScreenSnapshot.Deserialize(snapshot.Serialize()));
            var sameNow = restored.Snapshot().Equals(snapshot);

            original.Write(after);
            restored.Write(after);
            return sameNow && restored.GetScreenText() == original.GetScreenText() && restored.Snapshot().Equals(original.Snapshot());
        });

    [Property(MaxTest = 300)]
    public Property Restore_WithResizesBeforeAndAfter_BehavesIdentically() =>
        Prop.ForAll(
            Arb.From(
                from before in Output
                from middle in Output
                from after in Output
                from w1 in Gen.Choose(2, 30)
                from h1 in Gen.Choose(1, 12)
                from w2 in Gen.Choose(2, 30)
                from h2 in Gen.Choose(1, 12)
                select (before, middle, after, w1, h1, w2, h2)),
            input =>
            {
                var (before, middle, after, w1, h1, w2, h2) = input;
                var original = new VirtualTerminal(20, 8);
                original.Write(before);
                original.Resize(w1, h1);
                original.Write(middle);
                var restored = VirtualTerminal.FromSnapshot(original.Snapshot());
                foreach (var terminal in new[] { original, restored })
                {
                    terminal.Resize(w2, h2);
                    terminal.Write(after);
                }

                return restored.Snapshot().Equals(original.Snapshot()) && restored.GetScreenText() == original.GetScreenText();
            });

    [Fact]
    public void Resize_NarrowerWithTheAlternateScreenAndASavedCursor_DoesNotThrow()
    {
        // The input this property failed on in CI, replayed through a snapshot as the property does.
        var events = TestCasts.NarrowingPastAnEmptyWrappedGroup.Events;
        var original = new VirtualTerminal(20, 8);
        original.Write(events[0].Data);
        original.Resize(19, 3);
        original.Write(events[2].Data);
        var restored = VirtualTerminal.FromSnapshot(original.Snapshot());
        foreach (var terminal in new[] { original, restored })
        {
            terminal.Resize(11, 12);
            terminal.Write(events[4].Data);
        }

        Assert.Equal(original.Snapshot(), restored.Snapshot());
        Assert.Equal(original.GetScreenText(), restored.GetScreenText());
    }

    [Property(MaxTest = 300)]
    public Property Write_ArbitraryText_NeverThrows() =>
        Prop.ForAll(
            Arb.From(from text in ArbMap.Default.GeneratorFor<string>() from w in Gen.Choose(2, 40) from h in Gen.Choose(1, 10) select (text, w, h)),
            input =>
            {
                var terminal = new VirtualTerminal(7, 3);
                terminal.Write(input.text ?? string.Empty);
                terminal.Resize(input.w, input.h);
                terminal.Write(input.text ?? string.Empty);
                terminal.Write(System.Text.Encoding.Latin1.GetBytes(input.text ?? string.Empty).AsSpan());
                return terminal.GetScreenText().Lines.Count == input.h;
            });

    [Property(MaxTest = 200)]
    public Property Write_Utf8SplitAnywhere_SameAsWholeString() =>
        Prop.ForAll(Arb.From(Output), Arb.From(Gen.Choose(0, 1000)), (text, cut) =>
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var at = bytes.Length == 0 ? 0 : cut % (bytes.Length + 1);
            var whole = new VirtualTerminal(20, 6);
            whole.Write(text);
            var split = new VirtualTerminal(20, 6);
            split.Write(bytes.AsSpan(0, at));
            split.Write(bytes.AsSpan(at));
            return split.Snapshot().Equals(whole.Snapshot());
        });

    [Property(MaxTest = 100)]
    public Property ToJson_FromJson_RoundTrips() =>
        Prop.ForAll(Arb.From(Output), text =>
        {
            var terminal = new VirtualTerminal(12, 5);
            terminal.Write(text);
            var screen = terminal.GetScreenText();
            return ScreenText.FromJson(screen.ToJson()) == screen;
        });

    [Property(MaxTest = 200)]
    public Property Deserialize_Garbage_ThrowsFormatExceptionOnly() =>
        Prop.ForAll(Arb.From(Output), Arb.From(Gen.Choose(0, 5000)), Arb.From(Gen.Choose(0, 255)), (text, position, value) =>
        {
            var terminal = new VirtualTerminal(10, 4);
            terminal.Write(text);
            var bytes = terminal.Snapshot().Serialize();
            bytes[position % bytes.Length] = (byte)value;
            try
            {
                var snapshot = ScreenSnapshot.Deserialize(bytes.AsSpan(0, Math.Max(0, bytes.Length - (position % 3))));
                VirtualTerminal.FromSnapshot(snapshot).Write(text);
                return true;
            }
            catch (FormatException)
            {
                return true;
            }
        });

    [Fact]
    public void Snapshot_BlankScreen_IsCompact()
    {
        var terminal = new VirtualTerminal(80, 24);
        Assert.InRange(terminal.Snapshot().Length, 1, 400);
    }
}
