using ExtProcRouter.Cli;
using ExtProcRouter.Tests.Routing.Support;

namespace ExtProcRouter.Tests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("router-validate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (int Exit, string Output, string Error) Run(string yaml)
    {
        var path = Path.Combine(_directory, "router.yaml");
        File.WriteAllText(path, yaml);
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = ValidateCommand.Run(path, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_valid_file_exits_zero_and_summarises_its_routers()
    {
        var (exit, output, error) = Run(RoutingConfigs.Yaml);
        Assert.Equal(0, exit);
        Assert.Contains("valid (1 providers, 5 models, 1 routers)", output);
        Assert.Contains("router:dev: review [cheap mid], design [big mid cheap], quick [big mid cheap]; fallback [fb1 fb2]", output);
        Assert.Equal("", error);
    }

    [Fact]
    public void An_invalid_file_exits_non_zero_and_prints_every_problem()
    {
        var (exit, output, error) = Run(RoutingConfigs.Yaml.Replace("models: [cheap, mid]", "models: [cheap, mid, big, fb1]") + "\n  - name: dev\n    policies: []\n    fallback_models: [fb1]\n");
        Assert.Equal(ValidateCommand.InvalidExitCode, exit);
        Assert.Equal("", output);
        Assert.Contains("3 problem(s)", error);
        Assert.Contains("  - routers[0] 'dev' policies[0] task 'review': 4 models in the pool; at most 3 are allowed", error);
        Assert.Contains("  - routers[1] 'dev': duplicate router name 'dev'", error);
        Assert.Contains("  - routers[1] 'dev': policies are required (or name a preset)", error);
    }
}
