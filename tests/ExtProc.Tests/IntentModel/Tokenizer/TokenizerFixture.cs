using System.Runtime.CompilerServices;
using ExtProcRouter.IntentModel.Tokenizer;

namespace ExtProcRouter.Tests.IntentModel.Tokenizer;

/// <summary>Loads the real USE Lite vocabulary (fetched by `make setup`) once per test class.</summary>
public sealed class TokenizerFixture
{
    public TokenizerFixture()
    {
        VocabularyPath = Path.Combine(RepositoryRoot(), ".deps", "model-embeddings-en", "dist", "vocab.json");
        Tokenizer = SentencePieceTokenizer.Load(VocabularyPath);
    }

    public string VocabularyPath { get; }

    public SentencePieceTokenizer Tokenizer { get; }

    /// <summary>The folder of this source file, so test data is read from the tree without copying it to bin/.</summary>
    public static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(SourceFolder());
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ExtProcRouter.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("Cannot find the repository root above " + SourceFolder());
    }
}
