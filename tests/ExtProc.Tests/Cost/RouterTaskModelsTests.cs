using ExtProcRouter.Configuration;
using ExtProcRouter.Cost;

namespace ExtProcRouter.Tests.Cost;

public sealed class RouterTaskModelsTests
{
    private const string Yaml = """
        providers:
          - {name: p, cluster: p, format: openai}
        models:
          - {slug: cheap, provider: p, input_price_per_million: 0.2, output_price_per_million: 0.4}
          - {slug: mid, provider: p, input_price_per_million: 1, output_price_per_million: 2}
          - {slug: frontier, provider: p, input_price_per_million: 3, output_price_per_million: 15}
        routers:
          - name: coding
            policies:
              - custom_task: {name: review, description: Review code.}
                models: [frontier, mid, cheap]
                selection_policy: {prefer: cheapest}
              - custom_task: {name: design, description: Design systems.}
                models: [frontier, cheap]
            fallback_models: [mid, cheap]
        """;

    private static RouterTaskModels Models()
    {
        Assert.True(RouterConfigLoader.Load(Yaml, _ => null).TryFindRouter("coding", out var router));
        return new RouterTaskModels(router);
    }

    [Fact]
    public void A_task_gets_the_first_model_of_its_pool_as_its_policy_ranks_it()
    {
        var models = Models();

        Assert.Equal("cheap", models.ModelFor("review"));
        Assert.Equal("frontier", models.ModelFor("design"));
    }

    [Theory]
    [InlineData("other")]
    [InlineData("not_a_task")]
    public void Other_and_unknown_tasks_get_the_first_fallback_model(string task)
    {
        Assert.Equal("mid", Models().ModelFor(task));
    }
}
