using ExtProcRouter.IntentModel.Conversation;

namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// Builds the head's input from a conversation's views, their embeddings and the offered routes' embeddings. Pure:
/// the same function serves training (cached embeddings) and serving (fresh ones).
/// </summary>
public static class MoeFeatureBuilder
{
    /// <summary>The text of a route that is embedded and matched: "name: description".</summary>
    public static string RouteText(RouteDescription route) => $"{route.Name.Replace('_', ' ')}: {route.Description}";

    /// <summary>Earlier user turns as one text, oldest first (a head+tail window keeps the first and the newest).</summary>
    public static string? PreviousUserText(ConversationViews views) =>
        views.PreviousUserMessages.Count == 0 ? null : string.Join("\n", views.PreviousUserMessages);

    /// <summary>
    /// The latest message's instruction view (<see cref="InstructionView"/>): the latest message itself (same instance)
    /// when it has no code, empty when it is only code.
    /// </summary>
    public static string InstructionText(ConversationViews views) => InstructionView.From(views.LatestUserMessage);

    /// <summary>Whether <paramref name="instruction"/> is a text of its own that needs its own embedding.</summary>
    public static bool IsSeparateInstruction(ConversationViews views, string instruction) =>
        instruction.Length > 0 && !ReferenceEquals(instruction, views.LatestUserMessage);

    /// <param name="views">The conversation's views.</param>
    /// <param name="instruction"><see cref="InstructionText"/> of <paramref name="views"/>.</param>
    /// <param name="turnCount">Turns in the (trimmed) conversation.</param>
    /// <param name="routes">The offered routes.</param>
    /// <param name="latest">Embedding of <see cref="ConversationViews.LatestUserMessage"/>.</param>
    /// <param name="previous">Embedding of <see cref="PreviousUserText"/>, or null when there are no earlier user turns.</param>
    /// <param name="assistant">Embedding of the last assistant turn, or null.</param>
    /// <param name="instructionEmbedding">
    /// Embedding of <paramref name="instruction"/> when <see cref="IsSeparateInstruction"/>; otherwise ignored (the
    /// latest embedding stands for a message without code, zeros for one that is only code).
    /// </param>
    /// <param name="routeEmbeddings">Embedding of <see cref="RouteText"/> per route.</param>
    public static MoeInput Build(ConversationViews views, string instruction, int turnCount, IReadOnlyList<RouteDescription> routes,
        float[] latest, float[]? previous, float[]? assistant, float[]? instructionEmbedding, float[][] routeEmbeddings)
    {
        const int s = MoeFeatureLayout.RouteSignalCount;
        var count = routes.Count;
        if (routeEmbeddings.Length != count) throw new ArgumentException("One embedding per route is needed.", nameof(routeEmbeddings));
        var zero = new float[MoeFeatureLayout.EmbeddingWidth];
        var hasPrevious = previous is not null;
        var hasAssistant = assistant is not null;
        var separateInstruction = IsSeparateInstruction(views, instruction);
        var onlyCode = instruction.Length == 0 && views.LatestUserMessage.Length > 0;
        var instructionVector = separateInstruction
            ? instructionEmbedding ?? throw new ArgumentException("A separate instruction view needs its embedding.", nameof(instructionEmbedding))
            : onlyCode ? zero : latest;
        var instructionWords = separateInstruction ? LexicalSignals.ContentWords(instruction) : null;

        var latestWords = LexicalSignals.ContentWords(views.LatestUserMessage);
        var contextWords = LexicalSignals.ContentWords(
            string.Join("\n", views.PreviousUserMessages) + "\n" + (views.LastAssistantMessage ?? string.Empty));
        var latestWordCount = LexicalSignals.WordCount(views.LatestUserMessage);
        var isShort = latestWordCount <= 6 ? 1f : 0f;
        var logLength = MathF.Log(1 + latestWordCount) / 5f;
        var codeInLatest = LexicalSignals.LooksLikeCode(views.LatestUserMessage) ? 1f : 0f;
        var codeInContext = (views.LastAssistantMessage is { } a && LexicalSignals.LooksLikeCode(a)) ||
                            views.PreviousUserMessages.Any(LexicalSignals.LooksLikeCode) ? 1f : 0f;
        var question = LexicalSignals.IsQuestion(views.LatestUserMessage) ? 1f : 0f;
        var turns = Math.Min(turnCount, 10) / 10f;
        var latestToPrevious = hasPrevious ? VectorMath.Cosine(latest, previous!) : 0f;
        var routeCount = Math.Min(count, 20) / 10f;

        var cosLatest = new float[count];
        var cosPrevious = new float[count];
        var cosAssistant = new float[count];
        var overlapLatest = new float[count];
        var overlapContext = new float[count];
        var overlapName = new float[count];
        var cosInstruction = new float[count];
        var overlapInstruction = new float[count];
        var maxInstruction = float.NegativeInfinity;
        float maxLatest = float.NegativeInfinity, maxPrevious = float.NegativeInfinity, maxOverlap = 0f, sumLatest = 0f;
        float secondLatest = float.NegativeInfinity;
        for (var r = 0; r < count; r++)
        {
            cosLatest[r] = VectorMath.Cosine(latest, routeEmbeddings[r]);
            cosPrevious[r] = hasPrevious ? VectorMath.Cosine(previous!, routeEmbeddings[r]) : 0f;
            cosAssistant[r] = hasAssistant ? VectorMath.Cosine(assistant!, routeEmbeddings[r]) : 0f;
            var routeWords = LexicalSignals.ContentWords(routes[r].Description);
            overlapLatest[r] = LexicalSignals.Overlap(latestWords, routeWords);
            overlapContext[r] = LexicalSignals.Overlap(contextWords, routeWords);
            overlapName[r] = LexicalSignals.Overlap(latestWords, LexicalSignals.ContentWords(routes[r].Name.Replace('_', ' ')));
            cosInstruction[r] = onlyCode ? 0f : separateInstruction ? VectorMath.Cosine(instructionVector, routeEmbeddings[r]) : cosLatest[r];
            overlapInstruction[r] = instructionWords is null ? (onlyCode ? 0f : overlapLatest[r]) : LexicalSignals.Overlap(instructionWords, routeWords);
            maxInstruction = Math.Max(maxInstruction, cosInstruction[r]);
            if (cosLatest[r] > maxLatest) { secondLatest = maxLatest; maxLatest = cosLatest[r]; }
            else if (cosLatest[r] > secondLatest) secondLatest = cosLatest[r];
            maxPrevious = Math.Max(maxPrevious, cosPrevious[r]);
            maxOverlap = Math.Max(maxOverlap, overlapLatest[r]);
            sumLatest += cosLatest[r];
        }
        var meanLatest = count > 0 ? sumLatest / count : 0f;

        var signals = new float[count * s];
        for (var r = 0; r < count; r++)
        {
            var row = signals.AsSpan(r * s, s);
            row[0] = cosLatest[r];
            row[1] = cosPrevious[r];
            row[2] = cosAssistant[r];
            row[3] = cosLatest[r] - maxLatest;
            row[4] = hasPrevious ? cosPrevious[r] - maxPrevious : 0f;
            row[5] = cosLatest[r] - meanLatest;
            row[6] = overlapLatest[r];
            row[7] = overlapContext[r];
            row[8] = overlapName[r];
            row[9] = hasPrevious ? 1f : 0f;
            row[10] = hasAssistant ? 1f : 0f;
            row[11] = isShort;
            row[12] = logLength;
            row[13] = codeInLatest;
            row[14] = codeInContext;
            row[15] = question;
            row[16] = turns;
            row[17] = latestToPrevious;
            row[18] = routeCount;
            row[19] = overlapLatest[r] - maxOverlap;
            row[20] = cosInstruction[r];
            row[21] = cosInstruction[r] - maxInstruction;
            row[22] = overlapInstruction[r];
            row[23] = separateInstruction ? 1f : 0f;
            row[24] = onlyCode ? 1f : 0f;
        }

        var caseSignals = new float[MoeFeatureLayout.CaseSignalCount];
        caseSignals[0] = count > 0 ? maxLatest : 0f;
        caseSignals[1] = count > 1 ? maxLatest - secondLatest : 0f;
        caseSignals[2] = meanLatest;
        caseSignals[3] = hasPrevious && count > 0 ? maxPrevious : 0f;
        caseSignals[4] = maxOverlap;
        caseSignals[5] = hasPrevious || hasAssistant ? 1f : 0f;
        caseSignals[6] = isShort;
        caseSignals[7] = codeInLatest;
        caseSignals[8] = question;
        caseSignals[9] = routeCount;
        caseSignals[10] = logLength;
        // Only when the instruction differs from the message: a second copy of the best latest cosine gave the "none of
        // these" logit twice the pull of a low match, and short follow-ups ("shorter", "same for this one") went to other.
        caseSignals[11] = separateInstruction && count > 0 ? maxInstruction : 0f;
        caseSignals[12] = separateInstruction ? 1f : 0f;

        return new MoeInput(latest, previous ?? zero, assistant ?? zero, instructionVector, routeEmbeddings, signals, caseSignals);
    }
}
