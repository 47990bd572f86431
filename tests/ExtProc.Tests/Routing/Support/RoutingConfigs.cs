using ExtProcRouter.Configuration;

namespace ExtProcRouter.Tests.Routing.Support;

/// <summary>A config with one custom router (<c>dev</c>) over keyless models, for routing tests.</summary>
internal static class RoutingConfigs
{
    public const string Yaml = """
        providers:
          - {name: p, cluster: c, format: openai}
        models:
          - {slug: cheap, provider: p, aliases: [vendor-cheap], input_price_per_million: 0.1, output_price_per_million: 0.4}
          - {slug: mid, provider: p, input_price_per_million: 1, output_price_per_million: 4}
          - {slug: big, provider: p}
          - {slug: fb1, provider: p}
          - {slug: fb2, provider: p}
        availability: {cooldown: 10s, max_cooldown: 40s}
        metric_sources:
          measured_ttft: {smoothing: 0.5}
        model_aliases:
          catalog/big-v2: big
        routers:
          - name: dev
            policies:
              - custom_task: {name: review, description: Review code for syntax issues and style.}
                models: [cheap, mid]
              - custom_task: {name: design, description: Design software architecture and plan migrations.}
                models: [big, mid, cheap]
                selection_policy: {prefer: cheapest}
              - custom_task: {name: quick, description: Quick answers.}
                models: [big, mid, cheap]
                selection_policy: {prefer: fastest}
            fallback_models: [fb1, fb2]
        """;

    public static RouterConfig Load(string? yaml = null) => RouterConfigLoader.Load(yaml ?? Yaml, _ => null);
}
