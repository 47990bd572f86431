namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>An offered route: its name (to keep a case's own routes out of its in-batch negatives) and its tokenized "name: description".</summary>
public sealed record TokenizedRoute(string Name, TokenizedText Text);
