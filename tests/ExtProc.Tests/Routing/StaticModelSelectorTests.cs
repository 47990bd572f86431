using ExtProcRouter.Errors;
using ExtProcRouter.Routing;
using ExtProcRouter.Tests.Processing.Support;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Routing;

public class StaticModelSelectorTests
{
    private static ModelSelectionRequest Request(string model) => new(model, ApiFormat.OpenAIChat, ReadOnlyMemory<byte>.Empty);

    [Theory]
    [InlineData("gpt-small")]
    [InlineData("small")]
    public async Task A_slug_or_alias_selects_the_model(string name)
    {
        var selection = await new StaticModelSelector(TestConfigs.Load()).SelectAsync(Request(name), CancellationToken.None);

        Assert.Equal("gpt-small", selection.Model.Slug);
        Assert.Equal("openai", selection.Model.Provider.Name);
        Assert.Null(selection.SelectedRoute);
    }

    [Theory]
    [InlineData("GPT-SMALL")]
    [InlineData("gpt-small ")]
    [InlineData("router:coding")]
    public async Task Unknown_names_and_unconfigured_routers_are_404(string name)
    {
        var selector = new StaticModelSelector(TestConfigs.Load());

        var rejected = await Assert.ThrowsAsync<RequestRejectedException>(() => selector.SelectAsync(Request(name), CancellationToken.None).AsTask());

        Assert.Equal(404, rejected.Error.StatusCode);
        Assert.Equal("model_not_found", rejected.Error.Code);
    }

    [Fact]
    public async Task Router_names_go_to_the_router_selector()
    {
        var config = TestConfigs.Load();
        config.TryFindModel("claude", out var claude);
        var routers = new FixedSelector(new ModelSelection(claude, "coding"));

        var selection = await new StaticModelSelector(config, routers).SelectAsync(Request("router:dev"), CancellationToken.None);

        Assert.Equal(("claude", "coding"), (selection.Model.Slug, selection.SelectedRoute));
        Assert.Equal("router:dev", routers.Seen.Single());
    }

    private sealed class FixedSelector(ModelSelection selection) : IModelSelector
    {
        public List<string> Seen { get; } = [];

        public ValueTask<ModelSelection> SelectAsync(ModelSelectionRequest request, CancellationToken cancellationToken)
        {
            Seen.Add(request.RequestedModel);
            return ValueTask.FromResult(selection);
        }
    }
}
