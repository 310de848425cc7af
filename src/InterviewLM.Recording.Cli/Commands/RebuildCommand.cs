using System.CommandLine;
using InterviewLM.Recording.Claude;
using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Storage.Protobuf;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec rebuild DIR [--keyframes]</c>: rewrites a session's derived objects, explicitly (no reading command ever does).</summary>
/// <remarks>
/// Without <c>--keyframes</c>: <c>index.json</c> and the projections (<c>terminal.cast</c>, <c>claude_interactions.jsonl</c>,
/// <c>files/</c>) from one read of the events. With it: the whole session through the default pipeline into a sibling
/// directory, swapped in (as <c>convert --in-place</c>), so the events file gets keyframes where the policy places them.
/// </remarks>
internal static class RebuildCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "The session directory (a ZIP is read only: import it first)." };
        var keyframes = new Option<bool>("--keyframes") { Description = "Also rewrite the events file with keyframes (same codec, same events), so seeks start near the moment." };
        var command = new Command("rebuild", "Rewrites a session's index.json and projections (terminal.cast, claude_interactions.jsonl, files/), and with --keyframes its events file with keyframes.") { directory, keyframes };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(directory)!.FullName;
            var message = parseResult.GetValue(keyframes)
                ? await RebuildWithKeyframesAsync(path, cancellationToken).ConfigureAwait(false)
                : await RebuildDerivedAsync(path, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine(message);
            return 0;
        });
        return command;
    }

    internal static async Task<string> RebuildDerivedAsync(string path, CancellationToken cancellationToken)
    {
        var objects = CliStore.OpenWritable(path);
        var session = await StoredSession.OpenAsync(objects, CliCodecs.All, cancellationToken).ConfigureAwait(false);
        var index = await session.RebuildIndexAsync(cancellationToken).ConfigureAwait(false);
        ISessionProjection[] projections = [new TerminalCastProjection(), new ClaudeInteractionsProjection(), new CodeProjections()];
        await SessionProjections.RebuildAsync(session, objects, projections, cancellationToken).ConfigureAwait(false);
        return $"rebuilt index.json ({index.EventCount:N0} events, {index.Blocks.Count:N0} blocks) and {string.Join(", ", projections.Select(p => p.Name))} in {objects.Path}";
    }

    internal static async Task<string> RebuildWithKeyframesAsync(string path, CancellationToken cancellationToken)
    {
        var objects = CliStore.OpenWritable(path);
        var codec = (await StoredSession.OpenAsync(objects, CliCodecs.All, cancellationToken).ConfigureAwait(false)).Codec;
        var result = await SessionConverter.FinalizeToArchiveAsync(objects.Path, codec, new SessionConversionOptions { Pipeline = InterviewRecording.CreatePipeline() }, cancellationToken).ConfigureAwait(false);
        var index = await (await StoredSession.OpenAsync(DirectorySessionObjects.Open(objects.Path), CliCodecs.All, cancellationToken).ConfigureAwait(false)).ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var count = index?.Blocks.Count(b => b.Kind == BlockKind.Keyframe) ?? 0;
        return $"rewrote {result.Events:N0} events in {result.Blocks:N0} blocks with {count:N0} keyframe{(count == 1 ? string.Empty : "s")} ({codec.Name}), index.json and the projections in {objects.Path}";
    }
}
