using System.Buffers;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>The working gradients of one (packed) USE-Lite backward pass, carved out of a single pooled array.</summary>
internal sealed class UseLiteGradientScratch : IDisposable
{
    private const int VectorCount = 3;
    private readonly float[] _buffer;
    private readonly int _vectorLength;
    private readonly int _state, _branch, _hidden, _merged, _queryKeyValue, _probabilities, _input, _rows, _end;

    public UseLiteGradientScratch(UseLiteDimensions dimensions, int[] lengths)
    {
        var (t, n, e, m, f) = (lengths.Sum(), lengths.Length, dimensions.EmbeddingWidth, dimensions.ModelWidth, dimensions.FeedForwardWidth);
        var longest = lengths.Max();
        _vectorLength = n * m;
        _state = VectorCount * n * m;
        _branch = _state + t * m;
        _hidden = _branch + t * m;
        _merged = _hidden + t * f;
        _queryKeyValue = _merged + t * m;
        _probabilities = _queryKeyValue + 3 * t * m;
        _input = _probabilities + longest * longest;
        _rows = _input + t * e;
        _end = _rows + 2 * Math.Max(e, m);
        _buffer = ArrayPool<float>.Shared.Rent(_end);
    }

    /// <summary>[sequences, model width] (index 0..2) for the pooled head's gradients.</summary>
    public Span<float> Vector(int index) => _buffer.AsSpan(index * _vectorLength, _vectorLength);

    /// <summary>[rows, model width]: d(loss)/d(residual stream) at the current depth.</summary>
    public Span<float> State => _buffer.AsSpan(_state, _branch - _state);

    /// <summary>[rows, width]: d(loss)/d(a block's normalised input).</summary>
    public Span<float> Branch => _buffer.AsSpan(_branch, _hidden - _branch);

    public Span<float> Hidden => _buffer.AsSpan(_hidden, _merged - _hidden);
    public Span<float> Merged => _buffer.AsSpan(_merged, _queryKeyValue - _merged);
    public Span<float> QueryKeyValue => _buffer.AsSpan(_queryKeyValue, _probabilities - _queryKeyValue);
    /// <summary>[length, length] of the longest sequence: one head's attention gradient at a time.</summary>
    public Span<float> Probabilities => _buffer.AsSpan(_probabilities, _input - _probabilities);

    /// <summary>[rows, embedding width]: d(loss)/d(layer 0 input).</summary>
    public Span<float> Input => _buffer.AsSpan(_input, _rows - _input);

    /// <summary>Two rows of the widest width, for the layer norms' per-row temporaries.</summary>
    public Span<float> Rows => _buffer.AsSpan(_rows, _end - _rows);

    public void Dispose() => ArrayPool<float>.Shared.Return(_buffer);
}
