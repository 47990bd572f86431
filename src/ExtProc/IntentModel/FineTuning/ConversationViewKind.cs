namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>The conversation views the routing head mixes; the values index the head's view weights.</summary>
public enum ConversationViewKind
{
    LatestUserMessage = 0,
    PreviousUserTurns = 1,
    LastAssistantTurn = 2,
}
