using ExtProcRouter.Errors;

namespace ExtProcRouter.Routing.Affinity;

/// <summary>Bad session ids are refused rather than stored (an unbounded id would be unbounded memory per pin).</summary>
public static class AffinityErrors
{
    public static OpenAIError IdTooLong(int maxLength) => new(400, OpenAIErrorTypes.InvalidRequest,
        "invalid_affinity_id", $"The x-model-affinity header is longer than {maxLength} characters.", "x-model-affinity");
}
