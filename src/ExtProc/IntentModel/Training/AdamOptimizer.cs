namespace ExtProcRouter.IntentModel.Training;

/// <summary>
/// Adam (Kingma and Ba) over a fixed list of parameter arrays, with optional decoupled weight decay (AdamW, Loshchilov
/// and Hutter): p ← p - lr · (decay · p + m̂ / (√v̂ + ε)), the decay applied outside the adaptive scaling.
/// </summary>
/// <remarks>
/// ε is added to √v before the bias corrections are folded into the step size (Adam paper, section 2's efficient
/// form), as the head trainer has always used it. The learning rate may change per step (warm-up and decay schedules).
/// </remarks>
public sealed class AdamOptimizer
{
    private readonly float[][] _first;
    private readonly float[][] _second;
    private readonly bool[] _decayed;
    private readonly float _learningRate;
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;
    private readonly float _weightDecay;
    private int _steps;

    /// <param name="decayed">Which arrays get weight decay (null: all); biases and layer-norm parameters usually do not.</param>
    public AdamOptimizer(
        float[][] parameters, float learningRate, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f,
        float weightDecay = 0f, IReadOnlyList<bool>? decayed = null)
    {
        if (decayed is not null && decayed.Count != parameters.Length)
            throw new ArgumentException($"{decayed.Count} decay flags for {parameters.Length} parameter arrays.", nameof(decayed));
        _first = parameters.Select(p => new float[p.Length]).ToArray();
        _second = parameters.Select(p => new float[p.Length]).ToArray();
        _decayed = decayed?.ToArray() ?? Enumerable.Repeat(true, parameters.Length).ToArray();
        _learningRate = learningRate;
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
        _weightDecay = weightDecay;
    }

    /// <summary>Steps taken so far.</summary>
    public int Steps => _steps;

    public void Step(float[][] parameters, float[][] gradients) => Step(parameters, gradients, _learningRate);

    /// <summary>One update with this step's learning rate (from a schedule).</summary>
    public void Step(float[][] parameters, float[][] gradients, float learningRate)
    {
        if (parameters.Length != _first.Length || gradients.Length != _first.Length)
            throw new ArgumentException($"The optimizer was built for {_first.Length} arrays.", nameof(parameters));
        _steps++;
        var correction1 = 1 - MathF.Pow(_beta1, _steps);
        var correction2 = 1 - MathF.Pow(_beta2, _steps);
        var stepSize = learningRate * MathF.Sqrt(correction2) / correction1;
        for (var a = 0; a < parameters.Length; a++)
        {
            var p = parameters[a];
            var gradient = gradients[a];
            var m = _first[a];
            var v = _second[a];
            var shrink = _decayed[a] ? 1 - learningRate * _weightDecay : 1f;
            for (var i = 0; i < p.Length; i++)
            {
                m[i] = _beta1 * m[i] + (1 - _beta1) * gradient[i];
                v[i] = _beta2 * v[i] + (1 - _beta2) * gradient[i] * gradient[i];
                p[i] = p[i] * shrink - stepSize * m[i] / (MathF.Sqrt(v[i]) + _epsilon);
            }
        }
    }

    /// <summary>Writes the moments and step count, so that a resumed run continues exactly where a checkpoint left off.</summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_steps);
        writer.Write(_first.Length);
        for (var a = 0; a < _first.Length; a++)
        {
            writer.Write(_first[a].Length);
            foreach (var value in _first[a]) writer.Write(value);
            foreach (var value in _second[a]) writer.Write(value);
        }
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote, for the same list of parameter arrays.</summary>
    public void ReadState(BinaryReader reader)
    {
        var steps = reader.ReadInt32();
        if (reader.ReadInt32() != _first.Length) throw new InvalidDataException("The optimizer state is for a different number of parameter arrays.");
        for (var a = 0; a < _first.Length; a++)
        {
            if (reader.ReadInt32() != _first[a].Length) throw new InvalidDataException($"The optimizer state of array {a} has a different length.");
            for (var i = 0; i < _first[a].Length; i++) _first[a][i] = reader.ReadSingle();
            for (var i = 0; i < _second[a].Length; i++) _second[a][i] = reader.ReadSingle();
        }
        _steps = steps;
    }
}
