namespace ExtProcRouter.Tests.Support;

/// <summary>The checkout the tests run from: committed models, configs and the git-ignored .deps live under it.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding ExtProcRouter.sln, found upwards from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ExtProcRouter.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("ExtProcRouter.sln not found above " + AppContext.BaseDirectory);
    }
}
