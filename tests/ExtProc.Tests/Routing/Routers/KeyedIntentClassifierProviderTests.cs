using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Keyword;
using ExtProcRouter.Routing.Routers;
using ExtProcRouter.Tests.Processing.Support;
using ExtProcRouter.Tests.Routing.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ExtProcRouter.Tests.Routing.Routers;

public class KeyedIntentClassifierProviderTests
{
    [Fact]
    public void A_registered_name_resolves_to_its_classifier_and_a_missing_one_falls_back_to_keyword_with_one_error()
    {
        var scripted = new ScriptedClassifier();
        var keyword = new Bm25KeywordClassifier();
        using var services = new ServiceCollection()
            .AddKeyedSingleton<IIntentClassifier>("keyword", keyword)
            .AddKeyedSingleton<IIntentClassifier>("remote", scripted)
            .BuildServiceProvider();
        var log = new RecordingLogger<KeyedIntentClassifierProvider>();
        var provider = new KeyedIntentClassifierProvider(services, log);

        Assert.Same(scripted, provider.Get("remote"));
        Assert.Same(keyword, provider.Get("onnx"));
        Assert.Same(keyword, provider.Get("onnx"));
        Assert.Contains("'onnx' is not available", Assert.Single(log.Lines));
    }

    [Fact]
    public void A_classifier_that_fails_to_load_falls_back_to_keyword_once_instead_of_reloading_per_request()
    {
        var keyword = new Bm25KeywordClassifier();
        var attempts = 0;
        using var services = new ServiceCollection()
            .AddKeyedSingleton<IIntentClassifier>("keyword", keyword)
            .AddKeyedSingleton<IIntentClassifier>("onnx", (_, _) =>
            {
                attempts++;
                throw new FileNotFoundException("models/moe-head.onnx");
            })
            .BuildServiceProvider();
        var log = new RecordingLogger<KeyedIntentClassifierProvider>();
        var provider = new KeyedIntentClassifierProvider(services, log);

        Assert.Same(keyword, provider.Get("onnx"));
        Assert.Same(keyword, provider.Get("onnx"));
        Assert.Equal(1, attempts);
        Assert.Contains("'onnx' failed to load", Assert.Single(log.Lines));
    }
}
