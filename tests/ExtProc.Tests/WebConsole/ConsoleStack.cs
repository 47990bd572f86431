using ExtProcRouter.Configuration;
using ExtProcRouter.Tests.EndToEnd;

namespace ExtProcRouter.Tests.WebConsole;

/// <summary>
/// The stack the console runs in: <see cref="RouterStack"/> over a Unix socket, with the admin port serving the
/// control plane and the console, and a router to route with.
/// </summary>
internal static class ConsoleStack
{
    public const string AdminToken = "console-admin-token-for-tests";

    public static Task<RouterStack> StartAsync(bool tellSidecarTheFrontDoor = true) => RouterStack.StartAsync(new RouterStackOptions
    {
        Config = RouterConfigLoader.Load(ConfigYaml, _ => null),
        UnixSocket = true,
        AdminToken = AdminToken,
        TellSidecarTheFrontDoor = tellSidecarTheFrontDoor,
    });

    public const string CodeReviewPrompt = "Are there any syntax issues here? def add(a, b) return a + b";

    private const string ConfigYaml = """
        providers:
          - name: simulated
            cluster: simulated
            format: openai
            base_path: /v1
        models:
          - slug: sim-echo
            provider: simulated
            upstream_model: sim-echo-1
            input_price_per_million: 0
            output_price_per_million: 0
          - slug: sim-small
            provider: simulated
            upstream_model: sim-small-1
            input_price_per_million: 0.10
            output_price_per_million: 0.40
          - slug: sim-frontier
            provider: simulated
            upstream_model: sim-frontier-1
            input_price_per_million: 3.00
            output_price_per_million: 15.00
        intent_model:
          classifier: keyword
        routers:
          - name: demo
            policies:
              - custom_task:
                  name: code_review
                  description: Review code for syntax issues, style and small improvements.
                models: [sim-frontier, sim-small]
                selection_policy: {prefer: cheapest}
              - custom_task:
                  name: architecture_design
                  description: Design software systems, plan migrations and weigh architectural trade-offs.
                models: [sim-frontier]
            fallback_models: [sim-echo]
        """;
}
