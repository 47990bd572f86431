using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Tokenizer;

namespace ExtProcRouter.IntentModel.Moe;

/// <summary>Text to unit-length 512-d embeddings: tokenizer, long-text strategy, one batched encoder run per call. Thread-safe.</summary>
public sealed class TextEmbedder(SentencePieceTokenizer tokenizer, SentenceEncoder encoder, LongTextStrategy strategy = LongTextStrategy.HeadTail)
{
    public LongTextStrategy Strategy => strategy;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (texts.Count == 0) return [];
        if (strategy == LongTextStrategy.HeadTail)
        {
            var sequences = new int[texts.Count][];
            for (var i = 0; i < texts.Count; i++) sequences[i] = tokenizer.EncodeHeadTail(texts[i]);
            return encoder.Embed(sequences, cancellationToken);
        }

        var chunks = new List<int[]>();
        var owner = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            foreach (var chunk in tokenizer.EncodeChunks(texts[i]))
            {
                chunks.Add(chunk);
                owner.Add(i);
            }
        }
        var embedded = encoder.Embed(chunks, cancellationToken);
        var result = new float[texts.Count][];
        for (var i = 0; i < result.Length; i++) result[i] = new float[SentenceEncoder.Dimensions];
        for (var c = 0; c < embedded.Length; c++) VectorMath.AddScaled(result[owner[c]], embedded[c], 1f);
        foreach (var vector in result)
        {
            var norm = MathF.Sqrt(VectorMath.Dot(vector, vector));
            if (norm > 0) for (var j = 0; j < vector.Length; j++) vector[j] /= norm;
        }
        return result;
    }
}
