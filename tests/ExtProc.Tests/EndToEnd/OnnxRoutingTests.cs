using System.Net.Http.Json;
using System.Text.Json;
using ExtProcRouter.Configuration;
using ExtProcRouter.Hosting;
using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.Tests.IntentModel.Encoder;
using ExtProcRouter.Tests.IntentModel.Tokenizer;
using Microsoft.Extensions.DependencyInjection;
using ExtProcRouter.Tests.Support;

namespace ExtProcRouter.Tests.EndToEnd;

/// <summary>
/// router:&lt;name&gt; classified by the committed ONNX mixture-of-experts head, through the front door, real gRPC and the
/// sidecar: each task's pool is a different model, so the served model shows which task the classifier chose.
/// </summary>
[Collection(EncoderCollection.Name)]
public sealed class OnnxRoutingTests(EncoderFixture encoder) : IAsyncLifetime
{
    private const string ConfigYaml = """
        server: {tcp_host: 127.0.0.1, tcp_port: 0}
        intent_model: {classifier: onnx}
        providers:
          - {name: simulated, cluster: simulated, format: openai, base_path: /v1}
        models:
          - {slug: writer, provider: simulated}
          - {slug: fixer, provider: simulated}
          - {slug: explainer, provider: simulated}
          - {slug: general, provider: simulated}
        routers:
          - name: coding
            policies:
              - custom_task: {name: code_generation, description: "Write new code: implement a function, class, script or feature from a description."}
                models: [writer]
              - custom_task: {name: bug_fixing, description: "Find and fix bugs in existing code, given an error, a failing test or a description of wrong behaviour."}
                models: [fixer]
              - custom_task: {name: code_explanation, description: "Explain what a piece of existing code does and how it works."}
                models: [explainer]
            fallback_models: [general]
        """;

    private RouterStack _stack = null!;

    public async Task InitializeAsync()
    {
        var head = Path.Combine(RepositoryPaths.Root, MoeModelFiles.DefaultHeadPath);
        var classifier = new OnnxMoeClassifier(new TextEmbedder(new TokenizerFixture().Tokenizer, encoder.Encoder), encoder.Environment.CreateSession(head));
        _stack = await RouterStack.StartAsync(new RouterStackOptions
        {
            Config = RouterConfigLoader.Load(ConfigYaml, _ => null),
            OverrideServices = services => services.AddKeyedSingleton<IIntentClassifier>(IntentModelConfig.Onnx, classifier),
        });
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    private async Task<(string Route, string Model)> AskAsync(params object[] messages)
    {
        using var http = new HttpClient { BaseAddress = _stack.FrontDoor };
        using var response = await http.PostAsJsonAsync("/v1/chat/completions", new { model = "router:coding", messages });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.Headers.GetValues("x-model-router-selected-route").Single(), body.RootElement.GetProperty("model").GetString()!);
    }

    [Fact]
    public async Task A_coding_request_goes_to_the_coding_task()
    {
        var decision = await AskAsync(new { role = "user", content = "Write a Python function that parses an ISO 8601 date string and returns a datetime object." });

        Assert.Equal(("code_generation", "writer"), decision);
    }

    [Fact]
    public async Task Fix_it_after_a_bug_report_goes_to_bug_fixing()
    {
        var decision = await AskAsync(
            new { role = "user", content = "My function crashes with IndexError when the list is empty:\n\ndef first(xs):\n    return xs[0]" },
            new { role = "assistant", content = "The function indexes the list without checking its length." },
            new { role = "user", content = "fix it" });

        Assert.Equal(("bug_fixing", "fixer"), decision);
    }

    [Fact]
    public async Task An_unrelated_request_falls_back()
    {
        var decision = await AskAsync(new { role = "user", content = "What is a good recipe for a vegetarian lasagna for six people?" });

        Assert.Equal(("fallback", "general"), decision);
    }
}
