namespace ExtProcRouter.IntentModel.Remote;

/// <summary>Where and how to call a routing model served behind an OpenAI-compatible endpoint (vLLM, Ollama, ...).</summary>
public sealed class RemoteRouteClassifierOptions
{
    /// <summary>Base URL such as <c>http://arch-router:8000/v1</c>; <c>/chat/completions</c> is appended unless present.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The model name the server knows, e.g. <c>katanemo/Arch-Router-1.5B</c> or <c>hf.co/katanemo/Arch-Router-1.5B.gguf:Q4_K_M</c>.</summary>
    public required string Model { get; init; }

    public RemotePromptFormat Format { get; init; } = RemotePromptFormat.ArchRouter;

    /// <summary>Sent as a bearer token when set. Never logged, never part of a decision or error text.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The whole call, connection to parsed answer. Keep it below Envoy's ext_proc <c>message_timeout</c>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Prompt budget in approximate tokens (bytes / 4), the Plano gateway's default.</summary>
    public int MaxPromptTokens { get; init; } = 2048;

    /// <summary>Caps generation: an answer is one short JSON object.</summary>
    public int MaxCompletionTokens { get; init; } = 128;

    /// <summary>Larger replies are not read (a broken or hostile endpoint must not make the sidecar buffer without end).</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>Every problem with these options, each naming the offending setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
            errors.Add("remote routing model: 'endpoint' must be an absolute http or https URL");
        if (string.IsNullOrWhiteSpace(Model))
            errors.Add("remote routing model: 'model' must not be empty");
        if (!Enum.IsDefined(Format))
            errors.Add($"remote routing model: 'format' {Format} is not one of {string.Join(", ", Enum.GetNames<RemotePromptFormat>())}");
        if (Timeout <= TimeSpan.Zero)
            errors.Add("remote routing model: 'timeout' must be positive");
        if (MaxPromptTokens <= 0)
            errors.Add("remote routing model: 'max_prompt_tokens' must be positive");
        if (MaxCompletionTokens <= 0)
            errors.Add("remote routing model: 'max_completion_tokens' must be positive");
        if (MaxResponseBytes <= 0)
            errors.Add("remote routing model: 'max_response_bytes' must be positive");
        return errors;
    }

    internal Uri ChatCompletionsUri =>
        Endpoint.AbsolutePath.EndsWith("/chat/completions", StringComparison.Ordinal)
            ? Endpoint
            : new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/chat/completions");
}
