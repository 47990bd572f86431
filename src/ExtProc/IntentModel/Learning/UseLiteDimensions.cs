using ExtProcRouter.IntentModel.Encoder;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// The sizes of a USE-Lite-shaped encoder: the real model's (<see cref="Real"/>), or small ones so gradient checks
/// can run the whole encoder.
/// </summary>
/// <param name="FeedForwardWidth">Hidden width of both layers' FFN.</param>
/// <param name="Heads">Attention heads of both layers (head size is width / heads, so layer 1's heads are twice as wide).</param>
public sealed record UseLiteDimensions(int VocabularyRows, int EmbeddingWidth, int ModelWidth, int FeedForwardWidth, int Heads)
{
    public static UseLiteDimensions Real { get; } = new(
        EncoderConverter.VocabularyRows, EncoderConverter.EmbeddingWidth, EncoderConverter.ModelWidth, EncoderConverter.FeedForwardWidth, Heads: 4);

    public int TimescaleCount => EmbeddingWidth / 2;

    public void Validate()
    {
        if (VocabularyRows <= 0 || FeedForwardWidth <= 0 || Heads <= 0)
            throw new ArgumentException("Encoder dimensions must be positive.");
        if (EmbeddingWidth <= 0 || EmbeddingWidth % 2 != 0) throw new ArgumentException($"Embedding width {EmbeddingWidth} must be even (sin and cos halves).");
        if (EmbeddingWidth % Heads != 0 || ModelWidth % Heads != 0) throw new ArgumentException($"{Heads} heads must divide both widths.");
    }
}
