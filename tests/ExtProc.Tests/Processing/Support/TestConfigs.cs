using ExtProcRouter.Configuration;

namespace ExtProcRouter.Tests.Processing.Support;

/// <summary>A small router config shared by the processing and routing tests.</summary>
internal static class TestConfigs
{
    public const string OpenAIKey = "sk-test-openai-0123456789";
    public const string AnthropicKey = "sk-ant-test-9876543210";

    public const string Yaml = """
        limits:
          max_request_body_bytes: 2048
        providers:
          - name: openai
            cluster: openai-cluster
            format: openai
            api_key_env: TEST_OPENAI_KEY
          - name: anthropic
            cluster: anthropic-cluster
            format: anthropic
            api_key_env: TEST_ANTHROPIC_KEY
          - name: gemini
            cluster: gemini-cluster
            format: gemini
            api_key_env: TEST_GEMINI_KEY_UNSET
          - name: simulated
            cluster: simulated
            format: openai
        models:
          - slug: gpt-small
            provider: openai
            upstream_model: gpt-small-2025
            aliases: [small]
          - slug: claude
            provider: anthropic
            upstream_model: claude-upstream-1
          - slug: gem
            provider: gemini
          - slug: sim
            provider: simulated
            upstream_model: sim-upstream
        llm_paths:
          - path: /custom/chat
            format: openai
        """;

    public static RouterConfig Load() => RouterConfigLoader.Load(Yaml, Environment);

    public static string? Environment(string name) => name switch
    {
        "TEST_OPENAI_KEY" => OpenAIKey,
        "TEST_ANTHROPIC_KEY" => AnthropicKey,
        _ => null,
    };
}
