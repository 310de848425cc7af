using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Storage.Protobuf;

namespace InterviewLM.Recording.Cli;

/// <summary>Every codec the CLI knows, for reading any session and for <c>--codec</c>/<c>--format</c>.</summary>
internal static class CliCodecs
{
    public static EventCodecs All => SessionConverter.AllCodecs;
}
