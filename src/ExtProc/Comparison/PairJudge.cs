using System.Text;
using ExtProcRouter.IntentModel;

namespace ExtProcRouter.Comparison;

/// <summary>
/// LLM-as-judge: asks a judge model, through the same front door, to score two answers to one conversation. Each
/// pair is asked twice with the answers' positions swapped, because judge models favour one position.
/// </summary>
public sealed class PairJudge(FrontDoorClient client, string judgeModel)
{
    public const string Instructions =
        "You are an impartial judge of AI assistant answers. Read the conversation and the two candidate answers to its "
        + "last user message, then score each answer from 1 (useless) to 10 (excellent) for correctness, helpfulness and "
        + "completeness. Judge each answer on its own merits; ignore its position and its length. Reply with JSON only, "
        + "exactly: {\"score_a\": <1-10>, \"score_b\": <1-10>}";

    public string Model => judgeModel;

    public async Task<JudgeVerdict> JudgeAsync(IReadOnlyList<ChatTurn> conversation, string routerAnswer, string baselineAnswer,
        CancellationToken cancellationToken)
    {
        var routerFirst = await AskAsync(conversation, routerAnswer, baselineAnswer, cancellationToken).ConfigureAwait(false);
        var baselineFirst = await AskAsync(conversation, baselineAnswer, routerAnswer, cancellationToken).ConfigureAwait(false);
        return JudgeVerdict.FromSwappedAsks(routerFirst, baselineFirst);
    }

    private async Task<JudgeScores> AskAsync(IReadOnlyList<ChatTurn> conversation, string answerA, string answerB, CancellationToken cancellationToken)
    {
        var request = new ComparisonRequest(judgeModel, [new ChatTurn(ChatRole.System, Instructions), ChatTurn.User(Prompt(conversation, answerA, answerB))]);
        var outcome = await client.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        // A failed judge request is a missing score like an unparsable reply: the comparison itself stands.
        return outcome.Succeeded ? JudgeReplyParser.Parse(outcome.Answer) : JudgeScores.Missing;
    }

    /// <summary>The judge's user message: the conversation, then the two answers under fixed markers.</summary>
    public static string Prompt(IReadOnlyList<ChatTurn> conversation, string answerA, string answerB)
    {
        var text = new StringBuilder("[Conversation]\n");
        foreach (var turn in conversation) text.Append(turn.RoleName).Append(": ").Append(turn.Text).Append('\n');
        text.Append("\n[Answer A]\n").Append(answerA).Append("\n\n[Answer B]\n").Append(answerB).Append('\n');
        return text.ToString();
    }
}
