using System.Buffers;
using ExtProcRouter.IntentModel.Onnx;

namespace ExtProcRouter.IntentModel.Encoder;

/// <summary>
/// Universal Sentence Encoder Lite run through ONNX Runtime: token-id sequences in, 512-d L2-normalised embeddings out,
/// one batched run per group of similar lengths, the groups of one call at the same time. Thread-safe.
/// </summary>
public sealed class SentenceEncoder : IDisposable
{
    /// <summary>The model's window: like the original, tokens after the first 128 are ignored.</summary>
    public const int MaxTokens = 128;

    public const int Dimensions = EncoderConverter.ModelWidth;

    private static readonly string[] EmbeddingsOnly = [EncoderGraphNames.Embeddings];
    private static readonly string[] EmbeddingsAndStates = [EncoderGraphNames.Embeddings, EncoderGraphNames.TokenStates];

    private readonly IInferenceSession _session;

    /// <summary>Uses <paramref name="session"/> (and disposes it with the encoder).</summary>
    public SentenceEncoder(IInferenceSession session)
    {
        _session = session;
        if (!session.InputNames.Contains(EncoderGraphNames.TokenIds) || !session.OutputNames.Contains(EncoderGraphNames.Embeddings))
        {
            session.Dispose();
            throw new ArgumentException(
                $"The model is not an encoder written by {nameof(EncoderConverter)}: it needs input '{EncoderGraphNames.TokenIds}' " +
                $"and output '{EncoderGraphNames.Embeddings}' (has inputs {string.Join(", ", session.InputNames)}).", nameof(session));
        }
    }

    /// <summary>Loads the converted encoder from <paramref name="modelPath"/> (see <see cref="EncoderConverter.Convert"/>).</summary>
    public SentenceEncoder(IInferenceSessionFactory sessions, string modelPath, OnnxSessionOptions? options = null)
        : this(sessions.CreateSession(modelPath, options))
    {
    }

    public IReadOnlyList<string> ExecutionProviders => _session.ExecutionProviders;

    /// <summary>Embeds one sequence of token ids.</summary>
    public float[] Embed(ReadOnlySpan<int> tokenIds, CancellationToken cancellationToken = default)
    {
        var result = new float[Dimensions];
        var ids = ArrayPool<int>.Shared.Rent(Math.Max(1, Math.Min(tokenIds.Length, MaxTokens)));
        try
        {
            var length = Math.Min(tokenIds.Length, MaxTokens);
            tokenIds[..length].CopyTo(ids);
            Run([ids.AsMemory(0, length)], result, null, cancellationToken);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
        }
        return result;
    }

    /// <summary>Embeds a batch of sequences: result[i] is the 512-d embedding of sequences[i].</summary>
    public float[][] Embed(IReadOnlyList<int[]> sequences, CancellationToken cancellationToken = default)
    {
        var memories = new ReadOnlyMemory<int>[sequences.Count];
        for (var i = 0; i < memories.Length; i++) memories[i] = sequences[i];
        var flat = new float[memories.Length * Dimensions];
        Run(memories, flat, null, cancellationToken);
        return Split(flat, memories.Length);
    }

    /// <summary>
    /// Embeds a batch into <paramref name="destination"/> (sequences.Count x 512 floats, row-major), for callers that
    /// keep their own buffers.
    /// </summary>
    public void Embed(IReadOnlyList<ReadOnlyMemory<int>> sequences, Span<float> destination, CancellationToken cancellationToken = default) =>
        Run(sequences, destination, null, cancellationToken);

    /// <summary>
    /// Embeds a batch and also returns each sequence's token states (the last transformer layer, one 512-d row per
    /// token within the window), e.g. for late-interaction features.
    /// </summary>
    public EncodedBatch EmbedWithTokenStates(IReadOnlyList<int[]> sequences, CancellationToken cancellationToken = default)
    {
        var memories = new ReadOnlyMemory<int>[sequences.Count];
        for (var i = 0; i < memories.Length; i++) memories[i] = sequences[i];
        var flat = new float[memories.Length * Dimensions];
        var states = new float[memories.Length][];
        Run(memories, flat, states, cancellationToken);
        return new EncodedBatch(Split(flat, memories.Length), states);
    }

    private void Run(IReadOnlyList<ReadOnlyMemory<int>> sequences, Span<float> destination, float[][]? states, CancellationToken cancellationToken)
    {
        var batch = sequences.Count;
        if (destination.Length < batch * Dimensions)
            throw new ArgumentException($"The destination holds {destination.Length} floats; {batch} embeddings need {batch * Dimensions}.", nameof(destination));
        if (batch == 0) return;

        for (var i = 0; i < batch; i++) Validate(sequences[i].Span, i);

        // Runs cost roughly per padded token, so sequences of very different lengths go in separate runs: short
        // ones are not padded to the longest. Embeddings do not depend on how sequences are grouped (padding is masked).
        var order = new int[batch];
        var lengths = new int[batch];
        for (var i = 0; i < batch; i++)
        {
            order[i] = i;
            lengths[i] = Math.Min(sequences[i].Length, MaxTokens);
        }
        Array.Sort(lengths.AsSpan().ToArray(), order);
        var groups = new List<int[]>();
        var groupStart = 0;
        for (var k = 1; k <= batch; k++)
        {
            if (k < batch && (k - groupStart) * (lengths[order[k]] - lengths[order[k - 1]]) <= PaddingWasteLimit) continue;
            groups.Add(order[groupStart..k]);
            groupStart = k;
        }
        if (groups.Count == 1)
        {
            RunGroup(sequences, groups[0], lengths, destination, states, cancellationToken);
            return;
        }

        // Groups run at the same time: one run of a few short rows barely uses the second core, and a long conversation's
        // views (a 128-token earlier turn beside a short follow-up) are exactly two groups. Each group is still one run
        // with the same rows, so every embedding is what a sequential call gives, bit for bit (int8 included).
        var rows = new float[batch * Dimensions];
        var others = new Task[groups.Count - 1];
        for (var g = 0; g < others.Length; g++)
        {
            var members = groups[g];
            others[g] = Task.Run(() => RunGroup(sequences, members, lengths, rows, states, cancellationToken), cancellationToken);
        }
        RunGroup(sequences, groups[^1], lengths, rows, states, cancellationToken); // the longest, on this thread
        foreach (var other in others) other.GetAwaiter().GetResult();
        rows.CopyTo(destination);
    }

    /// <summary>
    /// Padding (in tokens) accepted to keep sequences in one run; about the fixed cost of a run, measured as ~10-20
    /// tokens' worth on 2 cores.
    /// </summary>
    internal const int PaddingWasteLimit = 16;

    private static void Validate(ReadOnlySpan<int> ids, int sequence)
    {
        var length = Math.Min(ids.Length, MaxTokens);
        for (var j = 0; j < length; j++)
        {
            if ((uint)ids[j] >= EncoderConverter.VocabularyRows)
                throw new ArgumentOutOfRangeException("sequences", ids[j],
                    $"Sequence {sequence}, position {j}: token id {ids[j]} is outside the encoder's vocabulary [0, {EncoderConverter.VocabularyRows}).");
        }
    }

    private void RunGroup(IReadOnlyList<ReadOnlyMemory<int>> sequences, int[] members, int[] lengths, Span<float> destination,
        float[][]? states, CancellationToken cancellationToken)
    {
        var count = members.Length;
        var width = 1;
        foreach (var member in members) width = Math.Max(width, lengths[member]);
        var padded = ArrayPool<int>.Shared.Rent(count * width);
        try
        {
            for (var row = 0; row < count; row++)
            {
                var target = padded.AsSpan(row * width, width);
                var length = lengths[members[row]];
                sequences[members[row]].Span[..length].CopyTo(target);
                target[length..].Fill(EncoderGraphNames.PaddingId);
            }

            using var results = _session.Run(
                [InferenceInput.Int32(EncoderGraphNames.TokenIds, padded.AsMemory(0, count * width), count, width)],
                states is null ? EmbeddingsOnly : EmbeddingsAndStates, cancellationToken);
            var embeddings = results.GetFloats(0);
            var allStates = states is null ? default : results.GetFloats(1);
            for (var row = 0; row < count; row++)
            {
                var member = members[row];
                embeddings.Slice(row * Dimensions, Dimensions).CopyTo(destination.Slice(member * Dimensions, Dimensions));
                if (states is not null) states[member] = allStates.Slice(row * width * Dimensions, lengths[member] * Dimensions).ToArray();
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(padded);
        }
    }

    private static float[][] Split(float[] flat, int count)
    {
        var rows = new float[count][];
        for (var i = 0; i < count; i++) rows[i] = flat.AsSpan(i * Dimensions, Dimensions).ToArray();
        return rows;
    }

    public void Dispose() => _session.Dispose();
}
