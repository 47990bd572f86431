using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.FineTuning;

/// <summary>
/// Test double for the trainable encoder: e = l2norm(tanh(mean of the tokens' embedding rows)). Small enough that its
/// backward pass is obviously right, so the trainer's own logic is what the tests exercise.
/// </summary>
internal sealed class BagOfEmbeddingsEncoder : ITrainableEncoder
{
    private readonly object _gradientLock = new();

    public BagOfEmbeddingsEncoder(int vocabulary, int dimensions, int seed)
    {
        var random = new Random(seed);
        var table = new float[vocabulary * dimensions];
        for (var i = 0; i < table.Length; i++) table[i] = (float)(random.NextDouble() * 2 - 1);
        Table = new Parameter("fake/embeddings", [vocabulary, dimensions], table);
        Dimensions = dimensions;
    }

    public Parameter Table { get; }

    public int Dimensions { get; }

    public IReadOnlyList<Parameter> Parameters => [Table];

    public EncoderPass Forward(ReadOnlySpan<int> tokenIds) => new Pass(this, tokenIds.ToArray());

    private sealed class Pass : EncoderPass
    {
        private readonly BagOfEmbeddingsEncoder _owner;
        private readonly int[] _ids;
        private readonly float[] _activated;
        private readonly float[] _embedding;
        private readonly float _norm;

        public Pass(BagOfEmbeddingsEncoder owner, int[] ids)
        {
            _owner = owner;
            _ids = ids;
            var d = owner.Dimensions;
            var mean = new float[d];
            foreach (var id in ids)
                for (var j = 0; j < d; j++) mean[j] += owner.Table.Value[id * d + j] / ids.Length;
            _activated = mean.Select(MathF.Tanh).ToArray();
            _norm = MathF.Max(1e-6f, MathF.Sqrt(_activated.Sum(a => a * a)));
            _embedding = _activated.Select(a => a / _norm).ToArray();
        }

        public override ReadOnlySpan<float> Embedding => _embedding;

        public override void Backward(ReadOnlySpan<float> embeddingGradient)
        {
            var d = _owner.Dimensions;
            var projection = 0f;
            for (var j = 0; j < d; j++) projection += _embedding[j] * embeddingGradient[j];
            var meanGradient = new float[d];
            for (var j = 0; j < d; j++)
            {
                var activatedGradient = (embeddingGradient[j] - _embedding[j] * projection) / _norm;
                meanGradient[j] = activatedGradient * (1 - _activated[j] * _activated[j]) / _ids.Length;
            }
            lock (_owner._gradientLock)
            {
                foreach (var id in _ids)
                    for (var j = 0; j < d; j++) _owner.Table.Gradient[id * d + j] += meanGradient[j];
            }
        }
    }
}
