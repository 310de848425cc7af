namespace InterviewLM.Recording.Storage.Jsonl;

/// <summary>The property names of the JSONL wire format.</summary>
internal static class JsonlNames
{
    public const string Seq = "seq";
    public const string Time = "t";
    public const string Type = "type";
    public const string Keyframe = "$keyframe";
    public const string State = "state";
    public const string FileId = "fileId";
    public const string Changes = "changes";
    public const string BaseHash = "baseHash";
    public const string Data = "data";
    public const string Hash = "hash";
    public const string Diff = "diff";
    public const string Content = "content";
    public const string SessionId = "sessionId";
    public const string StartedAt = "startedAt";
    public const string Reason = "reason";
    public const string Detail = "detail";
    public const string Path = "path";
    public const string Language = "language";
    public const string NewPath = "newPath";
    public const string Cols = "cols";
    public const string Rows = "rows";
    public const string Command = "command";
    public const string Term = "term";
    public const string ExitCode = "exitCode";
    public const string Signal = "signal";
    public const string Id = "id";
    public const string Model = "model";
    public const string Prompt = "prompt";
    public const string Response = "response";
    public const string Usage = "usage";
    public const string Input = "input";
    public const string Output = "output";
    public const string CacheCreation = "cacheCreation";
    public const string CacheRead = "cacheRead";
    public const string LatencyUs = "latencyUs";
    public const string System = "system";
    public const string Conversation = "conversation";
    public const string Role = "role";
    public const string Tools = "tools";
    public const string ToolUses = "toolUses";
    public const string Name = "name";
    public const string InputJson = "input";
    public const string StopReason = "stopReason";
    public const string TtftUs = "ttftUs";
    public const string MaxTokens = "maxTokens";
    public const string Streamed = "streamed";
    public const string Status = "status";
    public const string Error = "error";
    public const string Incomplete = "incomplete";
    public const string Label = "label";
    public const string Category = "category";
    public const string Source = "source";
    public const string Json = "json";
}
