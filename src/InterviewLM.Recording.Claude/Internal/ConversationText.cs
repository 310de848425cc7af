using System.Text;

namespace InterviewLM.Recording.Claude.Internal;

/// <summary>Renders conversation turns as text the same way for every capture, so a turn captured over HTTP and through a chat client reads the same.</summary>
/// <remarks>Text parts are joined with a newline; other parts are summarized in brackets, for example <c>[tool_use run_tests toolu_01 {"path":"a.cs"}]</c>.</remarks>
internal static class ConversationText
{
    public static void AppendText(StringBuilder turn, string text) => Append(turn, text);

    public static void AppendToolUse(StringBuilder turn, string? name, string? id, string inputJson)
        => Append(turn, $"[tool_use {name} {id} {inputJson}]");

    public static void AppendToolResult(StringBuilder turn, string? toolUseId, string resultText, bool isError)
        => Append(turn, $"[tool_result {toolUseId}{(isError ? " error" : "")}] {resultText}");

    public static void AppendOther(StringBuilder turn, string? kind) => Append(turn, $"[{kind ?? "unknown"}]");

    public static string LastUserTurn(IReadOnlyList<ClaudeMessage> conversation)
    {
        for (var i = conversation.Count - 1; i >= 0; i--)
        {
            if (conversation[i].Role == "user")
            {
                return conversation[i].Content;
            }
        }

        return "";
    }

    private static void Append(StringBuilder turn, string part)
    {
        if (turn.Length > 0)
        {
            turn.Append('\n');
        }

        turn.Append(part);
    }
}
