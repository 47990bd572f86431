using System.Runtime.InteropServices;

namespace ExtProcRouter.IntentModel.Onnx.Writing;

/// <summary>
/// Builds an ONNX graph in memory (inputs, outputs, weights and nodes in topological order), to be serialized by
/// <see cref="OnnxModelWriter"/>. Used to export the encoder and the routing head, and to build small test models.
/// </summary>
public sealed class OnnxGraph
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _nextNodeId;

    public OnnxGraph(string name) => Name = name;

    public string Name { get; }

    internal List<ValueInfo> Inputs { get; } = [];

    internal List<ValueInfo> Outputs { get; } = [];

    internal List<Initializer> Initializers { get; } = [];

    internal List<Node> Nodes { get; } = [];

    public string AddInput(string name, TensorElementType type, params OnnxDimension[] shape)
    {
        Declare(name);
        Inputs.Add(new ValueInfo(name, type, shape));
        return name;
    }

    /// <summary>Marks an already produced value as a graph output.</summary>
    public void AddOutput(string name, TensorElementType type, params OnnxDimension[] shape)
    {
        if (!_names.Contains(name)) throw new ArgumentException($"Output '{name}' is not produced by any node or input.", nameof(name));
        Outputs.Add(new ValueInfo(name, type, shape));
    }

    public string AddInitializer(string name, ReadOnlySpan<float> values, params long[] dims) =>
        AddInitializer(name, TensorElementType.Float, MemoryMarshal.AsBytes(values).ToArray(), values.Length, dims);

    public string AddInitializer(string name, ReadOnlySpan<int> values, params long[] dims) =>
        AddInitializer(name, TensorElementType.Int32, MemoryMarshal.AsBytes(values).ToArray(), values.Length, dims);

    public string AddInitializer(string name, ReadOnlySpan<sbyte> values, params long[] dims) =>
        AddInitializer(name, TensorElementType.Int8, MemoryMarshal.AsBytes(values).ToArray(), values.Length, dims);

    public string AddInitializer(string name, ReadOnlySpan<long> values, params long[] dims) =>
        AddInitializer(name, TensorElementType.Int64, MemoryMarshal.AsBytes(values).ToArray(), values.Length, dims);

    /// <summary>A scalar or 1-D int64 constant, the usual form of shapes and axes.</summary>
    public string AddConstant(string name, params long[] values) => AddInitializer(name, values.AsSpan(), values.Length);

    /// <summary>A float scalar constant (rank 0).</summary>
    public string AddScalar(string name, float value) => AddInitializer(name, [value]);

    /// <summary>Adds a node with one output named <paramref name="output"/>; returns that name.</summary>
    public string AddNode(string opType, string[] inputs, string output, params OnnxAttribute[] attributes) =>
        AddNode(opType, inputs, [output], attributes)[0];

    public string[] AddNode(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        foreach (var input in inputs)
        {
            // An empty name is ONNX's marker for an omitted optional input.
            if (input.Length > 0 && !_names.Contains(input))
                throw new ArgumentException($"{opType} node reads '{input}', which nothing has produced yet.", nameof(inputs));
        }
        foreach (var output in outputs) Declare(output);
        Nodes.Add(new Node($"{opType}_{_nextNodeId++}", opType, inputs, outputs, attributes));
        return outputs;
    }

    private string AddInitializer(string name, TensorElementType type, byte[] raw, int count, long[] dims)
    {
        long expected = 1;
        foreach (var d in dims) expected *= d;
        if (expected != count) throw new ArgumentException($"Initializer '{name}': dims [{string.Join(", ", dims)}] need {expected} values, got {count}.", nameof(dims));
        Declare(name);
        Initializers.Add(new Initializer(name, type, dims, raw));
        return name;
    }

    private void Declare(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_names.Add(name)) throw new ArgumentException($"The name '{name}' is already used in graph '{Name}'.", nameof(name));
    }

    internal sealed record ValueInfo(string Name, TensorElementType Type, OnnxDimension[] Shape);

    internal sealed record Initializer(string Name, TensorElementType Type, long[] Dims, byte[] RawData);

    internal sealed record Node(string Name, string OpType, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes);
}
