namespace ExtProcRouter.IntentModel;

/// <summary>
/// The two best of a case's candidates: its offered routes, then "other" as the last entry. A route must beat
/// "other" strictly, as the classifiers decide, so "other" wins ties.
/// </summary>
public static class CandidateRanking
{
    /// <returns>The best candidate's index and the runner-up's (-1 when there is only "other").</returns>
    public static (int First, int Second) TopTwo(ReadOnlySpan<float> values)
    {
        var first = values.Length - 1;
        var second = -1;
        for (var i = 0; i < values.Length - 1; i++)
        {
            if (values[i] > values[first])
            {
                second = first;
                first = i;
            }
            else if (second < 0 || values[i] > values[second])
            {
                second = i;
            }
        }
        return (first, second);
    }
}
