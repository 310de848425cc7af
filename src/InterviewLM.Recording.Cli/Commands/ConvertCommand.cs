using System.CommandLine;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Storage.Protobuf;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec convert SESSION --codec C (--out DIR2 | --in-place) [--block-events N] [--skip-damage]</c>: the same session with another events codec.</summary>
internal static class ConvertCommand
{
    /// <summary>Events per archive block: an hour of typing in a few blocks, each still readable alone (measured: automerge-paper 77 KB at 65,536 vs 114 KB at the recorder's 4,096).</summary>
    public const int ArchiveBlockEvents = 65_536;

    /// <summary>The Brotli quality of converted archives (measured: agg-demo.v3.cast 1.07× xz -9e at 9, 0.92× at 11; encoding at 11 is about 3× slower).</summary>
    public const int ArchiveQuality = 11;

    /// <summary>Converts a finished session directory in place into the archive codec with the archive's settings, through the default pipeline (what <c>convert --codec protobuf-brotli --in-place</c> and <c>record --archive</c> do).</summary>
    public static Task<SessionConversionResult> ArchiveInPlaceAsync(string directory, CancellationToken cancellationToken) =>
        SessionConverter.FinalizeToArchiveAsync(
            directory,
            new ProtobufBrotliCodec(ArchiveQuality, ProtobufBrotliCodec.Instance.Window),
            new SessionConversionOptions { MaxBlockEvents = ArchiveBlockEvents, Pipeline = InterviewRecording.CreatePipeline() },
            cancellationToken);

    public static Command Create()
    {
        var directory = new Argument<string>("SESSION") { Description = "The session directory or session ZIP (any codec; --in-place needs a directory)." };
        var codec = new Option<string>("--codec") { Description = "The codec to write: protobuf-brotli (default), jsonl-gz or jsonl.", DefaultValueFactory = _ => "protobuf-brotli" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "The session directory to create." };
        var inPlace = new Option<bool>("--in-place") { Description = "Replace DIR's events file instead (finalizing a recording into the archive codec)." };
        var blockEvents = new Option<int?>("--block-events") { Description = $"Regroup events into blocks of at most N (0 keeps the source's blocks; larger blocks compress better). Default: {ArchiveBlockEvents} for protobuf-brotli, 0 otherwise." };
        var skipDamage = new Option<bool>("--skip-damage") { Description = "Skip damaged parts of the source instead of failing." };
        var quality = new Option<int?>("--quality") { Description = $"protobuf-brotli only: the Brotli quality, 0–11 (default {ArchiveQuality}: conversion is offline, so it spends the time the live default {ProtobufBrotliCodec.DefaultQuality} saves)." };
        var command = new Command("convert", "Writes a session with another events codec, event for event.") { directory, codec, output, inPlace, blockEvents, skipDamage, quality };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetValue(output);
            var replace = parseResult.GetValue(inPlace);
            if ((target is null) == !replace)
            {
                throw new ArgumentException("Give exactly one of --out DIR2 and --in-place.");
            }

            var writeCodec = CliCodecs.All.Get(parseResult.GetValue(codec)!);
            var q = parseResult.GetValue(quality);
            if (writeCodec is ProtobufBrotliCodec archive)
            {
                writeCodec = new ProtobufBrotliCodec(q ?? ArchiveQuality, archive.Window);
            }
            else if (q is not null)
            {
                throw new ArgumentException("--quality applies to protobuf-brotli only.");
            }

            var blocks = parseResult.GetValue(blockEvents) ?? (writeCodec is ProtobufBrotliCodec ? ArchiveBlockEvents : 0);
            if (blocks < 0)
            {
                throw new ArgumentException("--block-events must be 0 or more.");
            }

            var source = parseResult.GetValue(directory)!;

            // Through the default pipeline: the new blocks get keyframes where the policy places them, and fresh projections.
            var options = new SessionConversionOptions
            {
                MaxBlockEvents = blocks,
                SkipDamage = parseResult.GetValue(skipDamage),
                Pipeline = InterviewRecording.CreatePipeline(),
            };
            var result = replace
                ? await SessionConverter.FinalizeToArchiveAsync(CliStore.OpenWritable(source).Path, writeCodec, options, cancellationToken).ConfigureAwait(false)
                : await SessionConverter.ConvertAsync(
                    await CliStore.OpenAsync(source, cancellationToken).ConfigureAwait(false),
                    DirectorySessionObjects.Create(target!.FullName),
                    writeCodec,
                    options,
                    cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"converted {result.Events:N0} events in {result.Blocks:N0} blocks to {writeCodec.Name} ({result.EventsFileBytes:N0} bytes){(result.DamagedParts > 0 ? $"; {result.DamagedParts} damaged parts skipped" : string.Empty)}");
            return 0;
        });
        return command;
    }
}
