using System.Buffers;
using System.Numerics.Tensors;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// Where a backward pass adds parameter gradients: straight into <see cref="Parameter.Gradient"/> (shared, under a
/// lock per parameter), or into private arrays that <see cref="Flush"/> later adds in, in a fixed order.
/// </summary>
/// <remarks>
/// Private sinks let the parts of a batch run their backward passes on different threads without contending for
/// the same locks, and make the summed gradient independent of which thread finished first (bit-for-bit
/// reproducible for a seed). A private sink belongs to one thread at a time.
/// </remarks>
public sealed class GradientSink
{
    private readonly Dictionary<Parameter, float[]>? _private;

    private GradientSink(Dictionary<Parameter, float[]>? privateArrays) => _private = privateArrays;

    /// <summary>Adds into the parameters' own gradients.</summary>
    public static GradientSink Shared { get; } = new(null);

    /// <summary>A sink with private arrays, taken from the shared array pool on first use per parameter.</summary>
    public static GradientSink CreatePrivate() => new(new Dictionary<Parameter, float[]>());

    /// <summary>The array to add <paramref name="parameter"/>'s gradient into (lock it while adding).</summary>
    public float[] For(Parameter parameter)
    {
        if (_private is null) return parameter.Gradient;
        if (!_private.TryGetValue(parameter, out var array))
        {
            array = ArrayPool<float>.Shared.Rent(parameter.Gradient.Length);
            Array.Clear(array, 0, parameter.Gradient.Length);
            _private[parameter] = array;
        }
        return array;
    }

    /// <summary>Adds the private gradients into the parameters' gradients and returns the arrays to the pool.</summary>
    public void Flush()
    {
        if (_private is null) return;
        foreach (var (parameter, array) in _private)
        {
            var gradient = parameter.Gradient;
            lock (gradient) TensorPrimitives.Add(gradient, array.AsSpan(0, gradient.Length), gradient);
            ArrayPool<float>.Shared.Return(array);
        }
        _private.Clear();
    }
}
