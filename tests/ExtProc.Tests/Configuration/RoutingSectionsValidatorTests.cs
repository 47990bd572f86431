using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.Configuration;

namespace ExtProcRouter.Tests.Configuration;

public class RoutingSectionsValidatorTests
{
    private const string Base = """
        providers:
          - name: p
            cluster: c
            format: openai
        models:
          - slug: cheap
            provider: p
            aliases: [cheap-alias]
            input_price_per_million: 0.1
            output_price_per_million: 0.4
          - slug: mid
            provider: p
          - slug: big
            provider: p
          - slug: huge
            provider: p
        """;

    private static string? NoEnvironment(string name) => null;

    private static IReadOnlyList<string> ErrorsOf(string routingYaml) =>
        Assert.Throws<ConfigurationException>(() => RouterConfigLoader.Load(Base + "\n" + routingYaml, NoEnvironment)).Errors;

    private static RouterConfig Load(string routingYaml) => RouterConfigLoader.Load(Base + "\n" + routingYaml, NoEnvironment);

    private static string Router(string name, string policies, string fallback = "[cheap]") => $"""
          - name: {name}
            policies:
        {policies}
            fallback_models: {fallback}
        """;

    private static string Custom(string task, string models, string? prefer = null) =>
        $"      - custom_task: {{name: {task}, description: does {task}}}\n        models: {models}\n" +
        (prefer is null ? "" : $"        selection_policy: {{prefer: {prefer}}}\n");

    [Fact]
    public void A_valid_custom_router_builds_with_its_policies_in_order()
    {
        var config = Load("routers:\n" + Router("r1", Custom("a", "[cheap-alias, mid]", "cheapest") + Custom("b", "[big]"), "[mid, cheap]"));

        Assert.True(config.TryFindRouter("r1", out var router));
        Assert.Equal(["a", "b"], router.Policies.Select(p => p.TaskName));
        Assert.Equal(["cheap", "mid"], router.Policies[0].Models.Select(m => m.Slug));
        Assert.Equal(SelectionPreference.Cheapest, router.Policies[0].Preference);
        Assert.Equal(SelectionPreference.Manual, router.Policies[1].Preference);
        Assert.Equal(["mid", "cheap"], router.FallbackModels.Select(m => m.Slug));
        Assert.Equal(["a", "b"], router.Routes.Select(r => r.Name));
        Assert.False(config.TryFindRouter("r2", out _));
    }

    [Fact]
    public void A_task_model_that_is_not_declared_is_named()
    {
        var errors = ErrorsOf("routers:\n" + Router("r1", Custom("a", "[cheap, ghost]")));
        Assert.Contains("routers[0] 'r1' policies[0] task 'a': model 'ghost' is not declared under models", errors);
    }

    [Fact]
    public void A_pool_of_more_than_three_models_is_refused()
    {
        var errors = ErrorsOf("routers:\n" + Router("r1", Custom("a", "[cheap, mid, big, huge]")));
        Assert.Contains("routers[0] 'r1' policies[0] task 'a': 4 models in the pool; at most 3 are allowed", errors);
    }

    [Fact]
    public void Duplicate_router_and_task_names_are_refused()
    {
        var errors = ErrorsOf("routers:\n" + Router("r1", Custom("a", "[cheap]") + Custom("a", "[mid]")) + "\n" + Router("r1", Custom("b", "[cheap]")));
        Assert.Contains("routers[0] 'r1' policies[1] task 'a': duplicate task name 'a'", errors);
        Assert.Contains("routers[1] 'r1': duplicate router name 'r1'", errors);
    }

    [Fact]
    public void Cheapest_needs_a_price_or_a_cost_source()
    {
        var errors = ErrorsOf("routers:\n" + Router("r1", Custom("a", "[mid, big]", "cheapest")));
        Assert.Contains("routers[0] 'r1' policies[0] task 'a': prefer: cheapest, but no pool model has input and output prices and metric_sources has no price_catalog", errors);

        // One priced model, or a catalog, is enough.
        Load("routers:\n" + Router("r1", Custom("a", "[mid, cheap]", "cheapest")));
        Load("metric_sources:\n  price_catalog: {url: 'http://127.0.0.1:1/api.json', format: models_dev}\nrouters:\n" + Router("r1", Custom("a", "[mid, big]", "cheapest")));
    }

    [Fact]
    public void Fastest_needs_a_latency_source()
    {
        var errors = ErrorsOf("routers:\n" + Router("r1", Custom("a", "[mid]", "fastest")));
        Assert.Contains("routers[0] 'r1' policies[0] task 'a': prefer: fastest needs a latency source (metric_sources.prometheus or metric_sources.measured_ttft)", errors);

        Load("metric_sources:\n  measured_ttft: {smoothing: 0.5}\nrouters:\n" + Router("r1", Custom("a", "[mid]", "fastest")));
    }

    [Fact]
    public void An_alias_pointing_to_nothing_is_named()
    {
        var errors = ErrorsOf("model_aliases:\n  vendor/model-x: nowhere\n  vendor/cheap: cheap-alias\n");
        Assert.Equal(["model_aliases 'vendor/model-x': points to 'nowhere', which is not a model slug or alias under models"], errors);
    }

    [Fact]
    public void A_router_without_fallback_models_is_refused()
    {
        var errors = ErrorsOf("routers:\n" + Router("r1", Custom("a", "[mid]"), "[]"));
        Assert.Contains("routers[0] 'r1': fallback_models needs at least one model", errors);
        errors = ErrorsOf("routers:\n" + Router("r1", Custom("a", "[mid]"), "[ghost]"));
        Assert.Contains("routers[0] 'r1': fallback model 'ghost' is not declared under models", errors);
    }

    [Fact]
    public void Optimal_is_only_for_preset_tasks_and_preset_names_are_checked()
    {
        var errors = ErrorsOf("routers:\n" + Router("r1", Custom("a", "[mid]", "optimal")));
        Assert.Contains("routers[0] 'r1' policies[0] task 'a': prefer: optimal is only for preset tasks", errors);

        errors = ErrorsOf("routers:\n  - name: r2\n    preset: cooking\n    fallback_models: [cheap]\n");
        Assert.Contains(errors, e => e.StartsWith("routers[0] 'r2': preset 'cooking' is not one of software-engineering", StringComparison.Ordinal));

        errors = ErrorsOf("routers:\n  - name: r3\n    preset: general\n    policies:\n      - task: juggling\n        models: [mid]\n    fallback_models: [cheap]\n");
        Assert.Contains(errors, e => e.StartsWith("routers[0] 'r3' policies[0] task 'juggling': preset 'general' has no such task", StringComparison.Ordinal));
    }

    [Fact]
    public void Reserved_task_names_unknown_preferences_and_missing_tasks_are_refused()
    {
        var errors = ErrorsOf("routers:\n" + Router("r1", Custom("other", "[mid]") + Custom("b", "[mid]", "slowest") + "      - models: [mid]\n"));
        Assert.Contains("routers[0] 'r1' policies[0] task 'other': the task name 'other' is reserved", errors);
        Assert.Contains(errors, e => e.StartsWith("routers[0] 'r1' policies[1] task 'b': selection_policy.prefer 'slowest' is not one of", StringComparison.Ordinal));
        Assert.Contains("routers[0] 'r1' policies[2]: custom_task or task is required", errors);
    }

    [Fact]
    public void Metric_sources_and_availability_are_checked()
    {
        var errors = ErrorsOf("""
            metric_sources:
              price_catalog: {url: 'ftp://x', format: yaml, refresh_interval: soon}
              prometheus: {url: 'http://127.0.0.1:9090'}
              measured_ttft: {smoothing: 1.5}
            availability: {cooldown: 10s, max_cooldown: 1s}
            intent_model: {classifier: tea-leaves}
            """);
        Assert.Contains("metric_sources.price_catalog.url: 'ftp://x' is not an absolute http(s) URL", errors);
        Assert.Contains("metric_sources.price_catalog.format: 'yaml' is not one of digitalocean, models_dev", errors);
        Assert.Contains("metric_sources.price_catalog.refresh_interval: 'soon' is not a positive duration such as 500ms, 30s or 5m", errors);
        Assert.Contains("metric_sources.prometheus.query: an instant query returning seconds per model_name label is required", errors);
        Assert.Contains("metric_sources.measured_ttft.smoothing: 1.5 must be in (0, 1]", errors);
        Assert.Contains("availability.max_cooldown: 1s is shorter than availability.cooldown 10s", errors);
        Assert.Contains("intent_model.classifier: 'tea-leaves' is not one of keyword, onnx, onnx-finetuned, onnx-finetuned-int8, remote", errors);
    }

    [Fact]
    public void The_remote_classifier_needs_a_valid_remote_section()
    {
        Assert.Contains("intent_model.classifier: 'remote' needs an intent_model.remote section (endpoint, model)",
            ErrorsOf("intent_model: {classifier: remote}"));
        var errors = ErrorsOf("intent_model: {classifier: remote, remote: {endpoint: 'vllm:8000', format: llama, timeout: soon}}");
        Assert.Contains("intent_model.remote.endpoint: 'vllm:8000' is not an absolute http(s) URL", errors);
        Assert.Contains("intent_model.remote.model: is required", errors);
        Assert.Contains("intent_model.remote.format: 'llama' is not one of arch_router, plano_orchestrator", errors);
        Assert.Contains(errors, e => e.StartsWith("intent_model.remote.timeout: 'soon'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_conversation_cache_size_loads_defaults_and_is_bounded()
    {
        Assert.Equal(TokenWindowEmbeddingCache.DefaultCapacity, Load("intent_model: {classifier: onnx}").Routing.IntentModel.ConversationCacheEntries);
        Assert.Equal(0, Load("intent_model: {conversation_cache_entries: 0}").Routing.IntentModel.ConversationCacheEntries);
        Assert.Equal(100_000, Load("intent_model: {conversation_cache_entries: 100000}").Routing.IntentModel.ConversationCacheEntries);
        Assert.Contains("intent_model.conversation_cache_entries: -1 is not between 0 (off) and 100000",
            ErrorsOf("intent_model: {conversation_cache_entries: -1}"));
        Assert.Contains("intent_model.conversation_cache_entries: 100001 is not between 0 (off) and 100000",
            ErrorsOf("intent_model: {conversation_cache_entries: 100001}"));
    }

    [Fact]
    public void A_remote_classifier_section_loads_with_its_key_from_the_environment()
    {
        var config = RouterConfigLoader.Load("""
            providers: [{name: p, cluster: c, format: openai}]
            models: [{slug: m, provider: p}]
            intent_model:
              classifier: remote
              remote: {endpoint: 'http://vllm:8000/v1', model: katanemo/Arch-Router-1.5B, format: plano_orchestrator, api_key_env: ROUTER_MODEL_KEY, timeout: 800ms}
            """, name => name == "ROUTER_MODEL_KEY" ? "sk-router" : null);

        var remote = config.Routing.IntentModel.RemoteModel!;
        Assert.Equal(("remote", "http://vllm:8000/v1", "katanemo/Arch-Router-1.5B"), (config.Routing.IntentModel.Classifier, remote.Endpoint.ToString(), remote.Model));
        Assert.Equal((ExtProcRouter.IntentModel.Remote.RemotePromptFormat.PlanoOrchestrator, "sk-router", TimeSpan.FromMilliseconds(800)),
            (remote.Format, remote.ApiKey, remote.Timeout));
    }

    [Fact]
    public void A_preset_router_without_policies_gets_the_preset_tasks_with_declared_models_in_optimal_order()
    {
        var config = RouterConfigLoader.Load("""
            providers: [{name: p, cluster: c, format: openai}]
            models:
              - {slug: gpt-4o-mini, provider: p}
              - {slug: claude-sonnet-4, provider: p}
              - {slug: gemini-2.5-flash, provider: p}
            routers:
              - name: se
                preset: software-engineering
                fallback_models: [gpt-4o-mini]
              - name: mixed
                preset: software-engineering
                policies:
                  - task: code_review
                    models: [claude-sonnet-4, gpt-4o-mini]
                    selection_policy: {prefer: optimal}
                  - custom_task: {name: jokes, description: tell jokes}
                    models: [gpt-4o-mini]
                fallback_models: [gpt-4o-mini]
            """, NoEnvironment);

        Assert.True(config.TryFindRouter("se", out var se));
        var architecture = se.FindPolicy("architecture_design")!;
        Assert.Equal(["claude-sonnet-4", "gemini-2.5-flash"], architecture.Models.Select(m => m.Slug));
        Assert.Equal(SelectionPreference.Optimal, architecture.Preference);
        Assert.True(architecture.IsPresetTask);
        Assert.Equal(["gpt-4o-mini", "gemini-2.5-flash"], se.FindPolicy("code_review")!.Models.Select(m => m.Slug));

        Assert.True(config.TryFindRouter("mixed", out var mixed));
        Assert.Equal(["gpt-4o-mini", "claude-sonnet-4"], mixed.FindPolicy("code_review")!.Models.Select(m => m.Slug));
        Assert.Equal(["code_review", "jokes"], mixed.Policies.Select(p => p.TaskName));
    }

    [Fact]
    public void A_preset_whose_models_are_all_missing_names_the_task()
    {
        var errors = ErrorsOf("routers:\n  - name: w\n    preset: writing\n    fallback_models: [cheap]\n");
        Assert.Contains(errors, e => e.StartsWith("routers[0] 'w' task 'creative_writing': none of the preset's models", StringComparison.Ordinal));
    }

    [Fact]
    public void Catalog_names_resolve_through_model_aliases_and_model_names()
    {
        var config = Load("model_aliases:\n  vendor/cheap-v1: cheap-alias\n");
        Assert.True(config.TryFindCatalogModel("vendor/cheap-v1", out var model));
        Assert.Equal("cheap", model.Slug);
        Assert.True(config.TryFindCatalogModel("mid", out _));
        Assert.False(config.TryFindCatalogModel("vendor/unknown", out _));
    }
}
