using System.Runtime.CompilerServices;
using ExtProcRouter.IntentModel.Tokenizer;
using ExtProcRouter.Tests.Support;

namespace ExtProcRouter.Tests.IntentModel.Tokenizer;

/// <summary>Loads the real USE Lite vocabulary (fetched by `make setup`) once per test class.</summary>
public sealed class TokenizerFixture
{
    public TokenizerFixture()
    {
        VocabularyPath = Path.Combine(RepositoryPaths.Root, ".deps", "model-embeddings-en", "dist", "vocab.json");
        Tokenizer = SentencePieceTokenizer.Load(VocabularyPath);
    }

    public string VocabularyPath { get; }

    public SentencePieceTokenizer Tokenizer { get; }

    /// <summary>The folder of this source file, so test data is read from the tree without copying it to bin/.</summary>
    public static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
