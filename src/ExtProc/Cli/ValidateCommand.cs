using System.CommandLine;
using ExtProcRouter.Configuration;

namespace ExtProcRouter.Cli;

/// <summary><c>extproc-router validate FILE</c>: checks a router config the way serve and hot reload do, without starting anything.</summary>
internal static class ValidateCommand
{
    public const int InvalidExitCode = 2;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "router YAML to check" };
        var command = new Command("validate", "Check a router config and print every problem, naming the offending entry") { file };
        command.SetAction(parse => Run(parse.GetValue(file)!.FullName, Console.Out, Console.Error));
        return command;
    }

    /// <summary>Exit code 0 and a summary when valid; <see cref="InvalidExitCode"/> and one line per error otherwise.</summary>
    public static int Run(string path, TextWriter output, TextWriter error)
    {
        try
        {
            // Keys are not needed to validate, and must not be read into a process that only checks a file.
            var config = RouterConfigLoader.LoadFile(path, _ => null);
            output.WriteLine($"{path}: valid ({config.Providers.Count} providers, {config.Models.Count} models, {config.Routers.Count} routers)");
            foreach (var router in config.Routers)
                output.WriteLine($"  router:{router.Name}: {string.Join(", ", router.Policies.Select(p => $"{p.TaskName} [{string.Join(" ", p.Models.Select(m => m.Slug))}]"))}; fallback [{string.Join(" ", router.FallbackModels.Select(m => m.Slug))}]");
            return 0;
        }
        catch (ConfigurationException exception)
        {
            error.WriteLine($"{path}: {exception.Errors.Count} problem(s)");
            foreach (var problem in exception.Errors) error.WriteLine($"  - {problem}");
            return InvalidExitCode;
        }
    }
}
