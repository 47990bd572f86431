namespace ExtProcRouter.WellKnown;

/// <summary>Prometheus label names; the <c>gen_ai_*</c> ones are OpenTelemetry GenAI attributes with dots as underscores.</summary>
public static class MetricLabels
{
    public const string OperationName = "gen_ai_operation_name";
    public const string ProviderName = "gen_ai_provider_name";
    public const string RequestModel = "gen_ai_request_model";
    public const string ResponseModel = "gen_ai_response_model";
    public const string TokenType = "gen_ai_token_type";
    public const string ErrorType = "error_type";

    public const string Router = "router";
    public const string Task = "task";
    public const string Model = "model";
    public const string Fallback = "fallback";
    public const string Outcome = "outcome";
    public const string Reason = "reason";
    public const string Source = "source";
    public const string Phase = "phase";
    public const string Status = "status";
    public const string Classifier = "classifier";
    public const string Result = "result";

    /// <summary>Histogram bucket bound; reserved by the exposition format.</summary>
    public const string LessOrEqual = "le";
}

/// <summary>Values of <see cref="MetricLabels.Result"/> for cache lookups.</summary>
public static class CacheLookupResults
{
    public const string Hit = "hit";
    public const string Miss = "miss";
}

/// <summary>Values of <see cref="MetricLabels.TokenType"/> and <see cref="MetricLabels.OperationName"/> (GenAI semantic conventions).</summary>
public static class GenAiValues
{
    public const string Input = "input";
    public const string Output = "output";
    /// <summary>Not in the convention's enum (input/output); the issue asks for cached input separately.</summary>
    public const string Cached = "cached";
    public const string Chat = "chat";
}
