using System.Runtime.CompilerServices;
using InterviewLM.Recording.Claude.Internal;
using Microsoft.Extensions.AI;

namespace InterviewLM.Recording.Claude;

/// <summary>Represents a chat client middleware that records every call (unary and streamed) as a <see cref="ClaudeInteraction"/>.</summary>
/// <remarks>
/// <para>
/// Add it with <c>builder.UseSessionRecording(recorder)</c>. Placed before <c>UseFunctionInvocation()</c> it records one
/// interaction per user turn; placed after it, one per model round trip, tool loops included.
/// </para>
/// <para>
/// Recorded from the request: the conversation (system messages and <see cref="ChatOptions.Instructions"/> as the system
/// prompt), tools offered and maximum output tokens; from the response: text, function calls (as tool uses), usage and
/// finish reason (mapped to the Messages API's stop reasons: stop → <c>end_turn</c>, length → <c>max_tokens</c>,
/// tool_calls → <c>tool_use</c>, content_filter → <c>refusal</c>). Input tokens are recorded without cached tokens, as the
/// Messages API counts them. A stream the consumer stops early, or that fails, is recorded as incomplete. What the caller
/// receives is never changed.
/// </para>
/// </remarks>
public sealed class SessionRecordingChatClient : DelegatingChatClient
{
    private readonly ClaudeInteractionRecorder _recorder;
    private readonly string? _defaultModel;

    /// <summary>Initializes a new instance of the <see cref="SessionRecordingChatClient"/> class.</summary>
    /// <param name="innerClient">The client to record.</param>
    /// <param name="recorder">Where interactions are recorded.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerClient"/> or <paramref name="recorder"/> is <see langword="null"/>.</exception>
    public SessionRecordingChatClient(IChatClient innerClient, ClaudeInteractionRecorder recorder)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        _recorder = recorder;
        _defaultModel = innerClient.GetService<ChatClientMetadata>()?.DefaultModelId;
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var input = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var capture = new ChatCallCapture(_recorder, input, options, _defaultModel, streamed: false);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(input, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            capture.CompleteStream(incomplete: true, ex);
            throw;
        }

        capture.Complete(response);
        return response;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var input = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var capture = new ChatCallCapture(_recorder, input, options, _defaultModel, streamed: true);
        var ended = false;
        Exception? failure = null;
        var updates = base.GetStreamingResponseAsync(input, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        ended = true;
                        break;
                    }
                }
                catch (Exception ex)
                {
                    failure = ex;
                    throw;
                }

                capture.OnUpdate(updates.Current);
                yield return updates.Current;
            }
        }
        finally
        {
            // Runs on completion, on failure and when the consumer stops early and disposes the enumerator.
            capture.CompleteStream(incomplete: !ended, failure);
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }
}
