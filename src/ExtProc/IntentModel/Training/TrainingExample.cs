using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.IntentModel.Training;

/// <summary>One training or selection case as the head sees it: its input and the index of the right answer.</summary>
/// <param name="Target">Index of the expected route, or <c>Input.RouteCount</c> for "other".</param>
/// <param name="Source">The data file, for per-file metrics.</param>
/// <param name="Category">The case's category, for per-category metrics.</param>
public sealed record TrainingExample(MoeInput Input, int Target, string Source, string Category);
