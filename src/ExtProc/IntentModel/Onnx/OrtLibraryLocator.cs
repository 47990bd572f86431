namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>
/// Finds libonnxruntime.so.1: an explicitly configured path first, then the EXTPROC_ORT_LIBRARY environment variable,
/// then the copy that `make setup` extracts from npm onnxruntime-node under .deps/ (searched upwards from the
/// application's base directory so that tests and tools find it too), then the system loader's default search.
/// </summary>
public static class OrtLibraryLocator
{
    public const string EnvironmentVariable = "EXTPROC_ORT_LIBRARY";
    public const string LibraryFileName = "libonnxruntime.so.1";

    /// <summary>Where setup places the CPU build of ONNX Runtime, relative to the repository root.</summary>
    public static readonly string DepsRelativePath =
        Path.Combine(".deps", "onnxruntime-node", "bin", "napi-v6", "linux", "x64", LibraryFileName);

    /// <summary>Returns the library to load: a full path when one was found, otherwise the bare file name.</summary>
    public static string Locate(string? configuredPath, Func<string, string?> getEnvironmentVariable, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return File.Exists(configuredPath)
                ? Path.GetFullPath(configuredPath)
                : throw new FileNotFoundException($"The configured ONNX Runtime library '{configuredPath}' does not exist.", configuredPath);
        }

        var fromEnvironment = getEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return File.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new FileNotFoundException(
                    $"{EnvironmentVariable} points to '{fromEnvironment}', which does not exist.", fromEnvironment);
        }

        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, DepsRelativePath);
            if (File.Exists(candidate)) return candidate;
        }

        // Let the platform loader try LD_LIBRARY_PATH and the system directories.
        return LibraryFileName;
    }

    public static string Locate(string? configuredPath = null) =>
        Locate(configuredPath, Environment.GetEnvironmentVariable, AppContext.BaseDirectory);
}
