using System.Text;
using ExtProcRouter.Configuration;
using ExtProcRouter.Errors;
using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Keyword;
using ExtProcRouter.Routing;
using ExtProcRouter.Routing.Routers;
using ExtProcRouter.Tests.Routing.Support;
using ExtProcRouter.Translation;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExtProcRouter.Tests.Routing.Routers;

public class RouterModelSelectorTests
{
    private readonly ScriptedClassifier _classifier = new();
    private readonly FixedMetrics _metrics = new();

    private RouterModelSelector Selector(RouterConfig? config = null, IIntentClassifierProvider? classifiers = null) =>
        new(new StaticRouterConfigSource(config ?? RoutingConfigs.Load()), classifiers ?? _classifier, _metrics, _metrics,
            NullLogger<RouterModelSelector>.Instance);

    private static ModelSelectionRequest Request(string model, string body, ApiFormat format = ApiFormat.OpenAIChat) =>
        new(model, format, Encoding.UTF8.GetBytes(body));

    private static string Chat(string model, string text) =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":[{"type":"text","text":"{{text}}"}]}]}""";

    [Fact]
    public async Task An_unknown_router_is_404_naming_it()
    {
        var rejected = await Assert.ThrowsAsync<RequestRejectedException>(() =>
            Selector().SelectAsync(Request("router:nope", Chat("router:nope", "hi")), CancellationToken.None).AsTask());
        Assert.Equal(404, rejected.Error.StatusCode);
        Assert.Contains("'nope'", rejected.Error.Message);
    }

    [Fact]
    public async Task A_failing_classifier_falls_back_instead_of_failing_the_request()
    {
        _classifier.Throw = new InvalidOperationException("model file missing");
        var selection = await Selector().SelectAsync(Request("router:dev", Chat("router:dev", "hi")), CancellationToken.None);
        Assert.Equal(("fb1", "fallback"), (selection.Model.Slug, selection.SelectedRoute));
    }

    [Fact]
    public async Task A_body_without_a_conversation_goes_to_the_fallback_without_classifying()
    {
        var selection = await Selector().SelectAsync(Request("router:dev", """{"model":"router:dev"}"""), CancellationToken.None);
        Assert.Equal("fallback", selection.SelectedRoute);
        Assert.Empty(_classifier.Calls);
    }

    [Fact]
    public async Task An_exhausted_pool_goes_to_the_fallbacks_in_order()
    {
        _classifier.Route = "review";
        _metrics.Unavailable.UnionWith(["cheap", "mid", "fb1"]);
        var selection = await Selector().SelectAsync(Request("router:dev", Chat("router:dev", "hi")), CancellationToken.None);
        Assert.Equal(("fb2", "fallback"), (selection.Model.Slug, selection.SelectedRoute));
    }

    [Fact]
    public async Task Gemini_contents_are_read_as_the_conversation()
    {
        _classifier.Route = "design";
        var body = """{"contents":[{"role":"user","parts":[{"text":"plan it"}]},{"role":"model","parts":[{"text":"ok"}]},{"role":"user","parts":[{"text":"go on"}]}]}""";
        var selection = await Selector().SelectAsync(Request("router:dev", body, ApiFormat.Gemini), CancellationToken.None);
        Assert.Equal("design", selection.SelectedRoute);
        Assert.Equal([(ChatRole.User, "plan it"), (ChatRole.Assistant, "ok"), (ChatRole.User, "go on")],
            _classifier.Calls.Single().Conversation.Select(t => (t.Role, t.Text)));
    }

    [Fact]
    public async Task The_live_selector_follows_config_swaps()
    {
        var monitor = new RouterConfigMonitor(RoutingConfigs.Load(), NullLogger<RouterConfigMonitor>.Instance);
        var selector = new LiveModelSelector(monitor, Selector());
        Assert.Equal("big", (await selector.SelectAsync(Request("big", "{}"), CancellationToken.None)).Model.Slug);

        monitor.Apply(RoutingConfigs.Load(RoutingConfigs.Yaml.Replace("{slug: big, provider: p}", "{slug: huge, provider: p}").Replace("big", "huge")));
        Assert.Equal("huge", (await selector.SelectAsync(Request("huge", "{}"), CancellationToken.None)).Model.Slug);
        await Assert.ThrowsAsync<RequestRejectedException>(() => selector.SelectAsync(Request("big", "{}"), CancellationToken.None).AsTask());
    }

    /// <summary>The seeds' two requests against the example config's software-engineering preset, with the keyword classifier.</summary>
    [Theory]
    [InlineData("Are there any syntax issues here?\\n\\n```python\\ndef add(a, b)\\n    return a + b\\n```", "code_review", "gpt-4o-mini")]
    [InlineData("We're migrating our monolith to microservices. The monolith handles orders, billing, inventory and notifications with a shared database. Propose a phased decomposition strategy.",
        "architecture_design", "claude-sonnet-4")]
    public async Task The_software_engineering_preset_sends_a_syntax_check_to_a_cheap_model_and_a_migration_plan_to_a_frontier_model(
        string prompt, string task, string model)
    {
        var config = RouterConfigLoader.LoadFile(ExampleConfigPath(), _ => null);
        var selector = Selector(config, new SingleClassifier(new Bm25KeywordClassifier()));
        var selection = await selector.SelectAsync(Request("router:software-engineering", Chat("router:software-engineering", prompt)), CancellationToken.None);
        Assert.Equal((task, model), (selection.SelectedRoute, selection.Model.Slug));
    }

    private static string ExampleConfigPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "config", "router.yaml");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("config/router.yaml");
    }

    private sealed class SingleClassifier(IIntentClassifier classifier) : IIntentClassifierProvider
    {
        public IIntentClassifier Get(string name) => classifier;
    }
}
