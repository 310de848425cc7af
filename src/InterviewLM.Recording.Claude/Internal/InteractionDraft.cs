using System.Collections.Immutable;

namespace InterviewLM.Recording.Claude.Internal;

/// <summary>Represents an interaction being assembled from a request and its (possibly streamed) response.</summary>
/// <remarks>Not thread-safe: its owner serializes access.</remarks>
internal sealed class InteractionDraft
{
    private readonly List<BlockDraft> _blocks = [];

    public string? MessageId { get; set; }

    public string? RequestModel { get; set; }

    public string? ResponseModel { get; set; }

    public string Prompt { get; set; } = "";

    public string? SystemPrompt { get; set; }

    public ImmutableArray<ClaudeMessage> Conversation { get; set; } = [];

    public ImmutableArray<string> ToolsOffered { get; set; } = [];

    public int? MaxTokens { get; set; }

    public bool Streamed { get; set; }

    public int? HttpStatus { get; set; }

    public string? Error { get; set; }

    public string? StopReason { get; set; }

    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    public long CacheCreationInputTokens { get; set; }

    public long CacheReadInputTokens { get; set; }

    public TimeSpan? TimeToFirstToken { get; set; }

    public TimeSpan Latency { get; set; }

    public BlockDraft Block(int index)
    {
        if ((uint)index < (uint)_blocks.Count)
        {
            return _blocks[index]; // every delta after its block's start
        }

        if (index < 0 || index > 10_000)
        {
            throw new InvalidDataException($"Content block index {index} is out of range.");
        }

        while (_blocks.Count <= index)
        {
            _blocks.Add(new BlockDraft());
        }

        return _blocks[index];
    }

    public ClaudeInteraction Build(bool incomplete, CredentialScrubber scrubber)
    {
        var texts = new List<string>(1);
        var toolUses = ImmutableArray.CreateBuilder<ClaudeToolUse>();
        foreach (var block in _blocks)
        {
            switch (block.Kind)
            {
                case "text":
                    texts.Add(block.Text.ToString());
                    break;
                case "tool_use" or "server_tool_use":
                    toolUses.Add(new ClaudeToolUse(
                        scrubber.Scrub(block.Id ?? ""),
                        scrubber.Scrub(block.Name ?? ""),
                        scrubber.Scrub(JsonText.NormalizeToolInput(block.InputJson.ToString(), block.InitialInputJson))));
                    break;
            }
        }

        foreach (var block in _blocks)
        {
            block.Text.Release();
            block.InputJson.Release();
        }

        var conversation = Conversation;
        if (!scrubber.IsEmpty)
        {
            conversation = conversation.Select(m => new ClaudeMessage(m.Role, scrubber.Scrub(m.Content))).ToImmutableArray();
        }

        return new ClaudeInteraction(
            scrubber.Scrub(MessageId ?? "claude_" + Guid.NewGuid().ToString("N")),
            scrubber.Scrub(ResponseModel ?? RequestModel ?? ""),
            scrubber.Scrub(Prompt),
            scrubber.Scrub(texts.Count == 1 ? texts[0] : string.Concat(texts)),
            new ClaudeUsage(InputTokens, OutputTokens, CacheCreationInputTokens, CacheReadInputTokens),
            Latency)
        {
            SystemPrompt = scrubber.ScrubNullable(SystemPrompt),
            Conversation = conversation,
            ToolsOffered = ToolsOffered,
            ToolUses = toolUses.ToImmutable(),
            StopReason = StopReason,
            TimeToFirstToken = TimeToFirstToken,
            MaxTokens = MaxTokens,
            Streamed = Streamed,
            HttpStatus = HttpStatus,
            Error = scrubber.ScrubNullable(Error),
            Incomplete = incomplete,
        };
    }

    /// <summary>Represents one content block of the response.</summary>
    internal sealed class BlockDraft
    {
        public string? Kind { get; set; }

        public Utf8Builder Text { get; } = new();

        public string? Id { get; set; }

        public string? Name { get; set; }

        public Utf8Builder InputJson { get; } = new();

        // The input given in content_block_start (or the whole input of a non-streamed block).
        public string? InitialInputJson { get; set; }
    }
}
