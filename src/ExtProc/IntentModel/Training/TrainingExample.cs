using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.IntentModel.Training;

/// <summary>One training or selection case as the head sees it: its input and the index of the right answer.</summary>
/// <param name="Target">Index of the expected route, or <c>Input.RouteCount</c> for "other".</param>
/// <param name="Source">The data file, for per-file metrics.</param>
/// <param name="Category">The case's category, for per-category metrics.</param>
/// <param name="Teacher">A teacher's probabilities over the routes and "other" (distillation), or null.</param>
public sealed record TrainingExample(MoeInput Input, int Target, string Source, string Category, float[]? Teacher = null)
{
    /// <summary>
    /// The probability the loss aims at for index <paramref name="i"/>: the one-hot answer, mixed with the teacher's
    /// probabilities at <paramref name="teacherWeight"/> when there is a teacher.
    /// </summary>
    public float TargetProbability(int i, float teacherWeight)
    {
        var hard = i == Target ? 1f : 0f;
        return Teacher is null || teacherWeight <= 0f ? hard : (1f - teacherWeight) * hard + teacherWeight * Teacher[i];
    }
}
