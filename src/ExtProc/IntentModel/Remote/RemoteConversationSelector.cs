using System.Text;

namespace ExtProcRouter.IntentModel.Remote;

/// <summary>
/// Chooses the turns sent to the remote routing model, following the Plano gateway's rule so that the model sees
/// what it was tuned on: system, developer and tool messages and empty messages are dropped; walking back from the
/// newest turn, each turn costs its UTF-8 length / 4 tokens on top of the template's own length / 4; the first turn
/// that overflows the budget ends the walk and is kept only if it is a user message. Unlike Plano, that kept user
/// message is middle-trimmed to the remaining budget (60% head, 40% tail, "…" between), so that one huge paste
/// cannot overflow the routing model's context window.
/// </summary>
public static class RemoteConversationSelector
{
    private const int BytesPerToken = 4;
    private const string Ellipsis = "…";

    /// <summary>A kept overflowing message is never clipped below this, even when the budget is nearly spent.</summary>
    internal const int MinimumClippedBytes = 256;

    public static IReadOnlyList<ChatTurn> Select(IReadOnlyList<ChatTurn> conversation, int templateBytes, int maxTokens)
    {
        var tokens = templateBytes / BytesPerToken;
        var reversed = new List<ChatTurn>();
        for (var i = conversation.Count - 1; i >= 0; i--)
        {
            var turn = conversation[i];
            if (!IsRoutable(turn))
                continue;
            var turnBytes = Encoding.UTF8.GetByteCount(turn.Text);
            var budgetLeft = maxTokens - tokens;
            tokens += turnBytes / BytesPerToken;
            if (tokens > maxTokens)
            {
                if (IsUser(turn))
                {
                    var allowedBytes = Math.Max((long)budgetLeft * BytesPerToken, MinimumClippedBytes);
                    reversed.Add(turn with { Text = MiddleTrim(turn.Text, (int)Math.Min(allowedBytes, int.MaxValue)) });
                }
                break;
            }
            reversed.Add(turn);
        }
        reversed.Reverse();
        return reversed;
    }

    /// <summary>Keeps about 60% of <paramref name="maxBytes"/> from the head and 40% from the tail, joined by "…",
    /// cutting only between Unicode scalar values so that no UTF-8 sequence is split.</summary>
    public static string MiddleTrim(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
            return text;
        var available = Math.Max(maxBytes - Encoding.UTF8.GetByteCount(Ellipsis), 0);
        var headBytes = available * 6 / 10;
        var tailBytes = available - headBytes;

        var headEnd = 0;
        for (var used = 0; headEnd < text.Length;)
        {
            var rune = Rune.GetRuneAt(text, headEnd);
            if (used + rune.Utf8SequenceLength > headBytes) break;
            used += rune.Utf8SequenceLength;
            headEnd += rune.Utf16SequenceLength;
        }

        var tailStart = text.Length;
        for (var used = 0; tailStart > headEnd;)
        {
            if (!Rune.TryGetRuneAt(text, tailStart - 1, out var rune))
                rune = Rune.GetRuneAt(text, tailStart - 2); // the low half of a surrogate pair
            if (used + rune.Utf8SequenceLength > tailBytes) break;
            used += rune.Utf8SequenceLength;
            tailStart -= rune.Utf16SequenceLength;
        }

        return string.Concat(text.AsSpan(0, headEnd), Ellipsis, text.AsSpan(tailStart));
    }

    private static bool IsRoutable(ChatTurn turn) =>
        !string.IsNullOrEmpty(turn.Text)
        && turn.Role is not (ChatRole.System or ChatRole.Developer or ChatRole.Tool);

    private static bool IsUser(ChatTurn turn) => turn.Role == ChatRole.User;
}
