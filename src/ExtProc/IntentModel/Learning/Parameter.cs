namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// A trainable tensor: its values and the gradient accumulated for them, both flat row-major float arrays of the
/// same length. The name is the weight's name in the source model, so checkpoints and exports can find it again.
/// </summary>
public sealed class Parameter
{
    public Parameter(string name, int[] shape, float[] value)
    {
        var count = shape.Aggregate(1, (a, b) => checked(a * b));
        if (value.Length != count)
            throw new ArgumentException($"Parameter '{name}' has {value.Length} values for shape [{string.Join(", ", shape)}].", nameof(value));
        Name = name;
        Shape = shape;
        Value = value;
        Gradient = new float[count];
    }

    public string Name { get; }
    public int[] Shape { get; }
    public float[] Value { get; }
    public float[] Gradient { get; }
}
