namespace ExtProcRouter.IntentModel.Training;

/// <summary>Adam (Kingma and Ba) over a fixed list of parameter arrays.</summary>
public sealed class AdamOptimizer
{
    private readonly float[][] _first;
    private readonly float[][] _second;
    private readonly float _learningRate;
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;
    private int _steps;

    public AdamOptimizer(float[][] parameters, float learningRate, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        _first = parameters.Select(p => new float[p.Length]).ToArray();
        _second = parameters.Select(p => new float[p.Length]).ToArray();
        _learningRate = learningRate;
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
    }

    /// <param name="learningRateScale">Multiplies the learning rate for this step (warm-up and decay schedules).</param>
    public void Step(float[][] parameters, float[][] gradients, float learningRateScale = 1f)
    {
        _steps++;
        var correction1 = 1 - MathF.Pow(_beta1, _steps);
        var correction2 = 1 - MathF.Pow(_beta2, _steps);
        var stepSize = _learningRate * learningRateScale * MathF.Sqrt(correction2) / correction1;
        for (var a = 0; a < parameters.Length; a++)
        {
            var p = parameters[a];
            var gradient = gradients[a];
            var m = _first[a];
            var v = _second[a];
            for (var i = 0; i < p.Length; i++)
            {
                m[i] = _beta1 * m[i] + (1 - _beta1) * gradient[i];
                v[i] = _beta2 * v[i] + (1 - _beta2) * gradient[i] * gradient[i];
                p[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) + _epsilon);
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
