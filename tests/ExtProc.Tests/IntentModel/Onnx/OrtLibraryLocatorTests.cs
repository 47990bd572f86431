using ExtProcRouter.IntentModel.Onnx;

namespace ExtProcRouter.Tests.IntentModel.Onnx;

public sealed class OrtLibraryLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ort-locator-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string CreateFile(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
        return path;
    }

    [Fact]
    public void ConfiguredPathWinsOverEnvironmentAndDeps()
    {
        var configured = CreateFile("custom/libonnxruntime.so.1");
        var fromEnv = CreateFile("env/libonnxruntime.so.1");
        CreateFile(OrtLibraryLocator.DepsRelativePath);

        var located = OrtLibraryLocator.Locate(configured, _ => fromEnv, _root);

        Assert.Equal(configured, located);
    }

    [Fact]
    public void EnvironmentVariableWinsOverDeps()
    {
        var fromEnv = CreateFile("env/libonnxruntime.so.1");
        CreateFile(OrtLibraryLocator.DepsRelativePath);

        var located = OrtLibraryLocator.Locate(null, name => name == OrtLibraryLocator.EnvironmentVariable ? fromEnv : null, _root);

        Assert.Equal(fromEnv, located);
    }

    [Fact]
    public void DepsCopyIsFoundFromANestedBaseDirectory()
    {
        var deps = CreateFile(OrtLibraryLocator.DepsRelativePath);
        var nested = Directory.CreateDirectory(Path.Combine(_root, "bin", "Debug", "net10.0")).FullName;

        Assert.Equal(deps, OrtLibraryLocator.Locate(null, _ => null, nested));
    }

    [Fact]
    public void NothingFoundFallsBackToTheSystemLoader()
    {
        Assert.Equal(OrtLibraryLocator.LibraryFileName, OrtLibraryLocator.Locate(null, _ => null, _root));
    }

    [Fact]
    public void MissingConfiguredOrEnvironmentPathIsAClearError()
    {
        var missing = Path.Combine(_root, "nope.so");

        var configured = Assert.Throws<FileNotFoundException>(() => OrtLibraryLocator.Locate(missing, _ => null, _root));
        var fromEnv = Assert.Throws<FileNotFoundException>(() => OrtLibraryLocator.Locate(null, _ => missing, _root));

        Assert.Contains(missing, configured.Message);
        Assert.Contains(OrtLibraryLocator.EnvironmentVariable, fromEnv.Message);
    }
}
