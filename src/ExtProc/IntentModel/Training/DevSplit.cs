using ExtProcRouter.Evaluation;

namespace ExtProcRouter.IntentModel.Training;

/// <summary>
/// The documented split of the two dev files the data README allows training on (<c>humanevalpack.jsonl</c> by problem,
/// <c>nlbse_issues.jsonl</c> by issue): half of each group goes to training, and dev numbers for those files are
/// reported on the other half only. Every language and task form of one HumanEval problem stays on one side, so a
/// function seen in training is never scored.
/// </summary>
/// <remarks>
/// Why: humanevalpack is the only dev set of "write / fix / explain this function" requests and has no train
/// counterpart, and nlbse is the only set of GitHub issues; the head otherwise never sees either kind of text.
/// </remarks>
public static class DevSplit
{
    public const string HumanEvalPackFile = "humanevalpack.jsonl";

    public const string NlbseFile = "nlbse_issues.jsonl";

    /// <summary>Appended to a split file's name where only its held-out half is scored.</summary>
    public const string HeldOutSuffix = " (held-out half)";

    /// <summary>Whether <paramref name="fileName"/> is split (its other cases are plain dev cases).</summary>
    public static bool IsSplit(string fileName) => fileName is HumanEvalPackFile or NlbseFile;

    /// <summary>The group a case belongs to: "hepack-Python_12-fix" → "12"; an nlbse case is its own group.</summary>
    public static string GroupOf(string fileName, RoutingCase routingCase)
    {
        var id = routingCase.Id;
        if (fileName != HumanEvalPackFile) return id;
        var underscore = id.LastIndexOf('_');
        var dash = id.LastIndexOf('-');
        if (underscore < 0 || dash < underscore) throw new RoutingDataException(fileName, routingCase.Line, $"id '{id}' is not hepack-LANGUAGE_PROBLEM-FORM");
        return id[(underscore + 1)..dash];
    }

    /// <summary>True for the half that may be trained on; decided by the group's SHA-256 (stable across processes and machines), about 50/50.</summary>
    public static bool IsTrainPart(string fileName, RoutingCase routingCase) =>
        (System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(GroupOf(fileName, routingCase)))[0] & 1) == 0;

    /// <summary>False only for a case of a split file's training half: every other dev case may be reported on.</summary>
    public static bool MayReportOn(string fileName, RoutingCase routingCase) => !IsSplit(fileName) || !IsTrainPart(fileName, routingCase);
}
