using ExtProcRouter.IntentModel.Conversation;
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
                    reversed.Add(turn with { Text = Utf8MiddleTrim.Trim(turn.Text, (int)Math.Min(allowedBytes, int.MaxValue)) });
                }
                break;
            }
            reversed.Add(turn);
        }
        reversed.Reverse();
        return reversed;
    }

    private static bool IsRoutable(ChatTurn turn) =>
        !string.IsNullOrEmpty(turn.Text)
        && turn.Role is not (ChatRole.System or ChatRole.Developer or ChatRole.Tool);

    private static bool IsUser(ChatTurn turn) => turn.Role == ChatRole.User;
}
