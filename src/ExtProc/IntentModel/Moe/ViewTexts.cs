using ExtProcRouter.IntentModel.Conversation;

namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// The texts of one conversation that the head reads embedded: the latest user message, the earlier user turns, the
/// last assistant turn and the instruction view when it is a text of its own. Serving, training and the benchmarks
/// take them from here, so that a view added or changed in one place cannot be missed in another.
/// </summary>
public sealed class ViewTexts
{
    private ViewTexts(ConversationViews views)
    {
        Views = views;
        Previous = MoeFeatureBuilder.PreviousUserText(views);
        Instruction = MoeFeatureBuilder.InstructionText(views);
    }

    public static ViewTexts From(ConversationViews views) => new(views ?? throw new ArgumentNullException(nameof(views)));

    public ConversationViews Views { get; }

    /// <summary><see cref="MoeFeatureBuilder.PreviousUserText"/>, or null without earlier user turns.</summary>
    public string? Previous { get; }

    /// <summary><see cref="MoeFeatureBuilder.InstructionText"/>: may be the latest message itself, or empty.</summary>
    public string Instruction { get; }

    public bool HasSeparateInstruction => MoeFeatureBuilder.IsSeparateInstruction(Views, Instruction);

    /// <summary>The texts to embed, in a fixed order: latest, previous, assistant, instruction (those that exist).</summary>
    public IEnumerable<string> ToEmbed()
    {
        yield return Views.LatestUserMessage;
        if (Previous is not null) yield return Previous;
        if (Views.LastAssistantMessage is { } assistant) yield return assistant;
        if (HasSeparateInstruction) yield return Instruction;
    }

    /// <summary>The head's input, each view's embedding looked up by its text (one of <see cref="ToEmbed"/>).</summary>
    public MoeInput Build(int turnCount, IReadOnlyList<RouteDescription> routes, Func<string, float[]> embeddingOf, float[][] routeEmbeddings) =>
        MoeFeatureBuilder.Build(Views, Instruction, turnCount, routes, embeddingOf(Views.LatestUserMessage),
            Previous is null ? null : embeddingOf(Previous),
            Views.LastAssistantMessage is null ? null : embeddingOf(Views.LastAssistantMessage),
            HasSeparateInstruction ? embeddingOf(Instruction) : null, routeEmbeddings);
}
