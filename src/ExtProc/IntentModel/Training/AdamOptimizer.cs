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

    public void Step(float[][] parameters, float[][] gradients)
    {
        _steps++;
        var correction1 = 1 - MathF.Pow(_beta1, _steps);
        var correction2 = 1 - MathF.Pow(_beta2, _steps);
        var stepSize = _learningRate * MathF.Sqrt(correction2) / correction1;
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
}
