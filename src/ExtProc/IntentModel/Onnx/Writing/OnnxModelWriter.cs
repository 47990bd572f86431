namespace ExtProcRouter.IntentModel.Onnx.Writing;

/// <summary>
/// Serializes an <see cref="OnnxGraph"/> as an ONNX ModelProto. Field numbers are those of onnx.proto (ONNX 1.12,
/// IR version 8); only the messages and fields this project writes are covered.
/// </summary>
public static class OnnxModelWriter
{
    public const long IrVersion = 8;
    public const long DefaultOpset = 17;
    private const string Producer = "extproc-router";

    // ModelProto
    private const int ModelIrVersion = 1;
    private const int ModelProducerName = 2;
    private const int ModelDocString = 6;
    private const int ModelGraph = 7;
    private const int ModelOpsetImport = 8;
    // OperatorSetIdProto
    private const int OpsetDomain = 1;
    private const int OpsetVersion = 2;
    // GraphProto
    private const int GraphNode = 1;
    private const int GraphName = 2;
    private const int GraphInitializer = 5;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;
    // NodeProto
    private const int NodeInput = 1;
    private const int NodeOutput = 2;
    private const int NodeName = 3;
    private const int NodeOpType = 4;
    private const int NodeAttribute = 5;
    // AttributeProto
    private const int AttributeName = 1;
    private const int AttributeFloat = 2;
    private const int AttributeInt = 3;
    private const int AttributeString = 4;
    private const int AttributeFloats = 7;
    private const int AttributeInts = 8;
    private const int AttributeType = 20;
    // TensorProto
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorName = 8;
    private const int TensorRawData = 9;
    // ValueInfoProto / TypeProto / TypeProto.Tensor / TensorShapeProto / Dimension
    private const int ValueInfoName = 1;
    private const int ValueInfoType = 2;
    private const int TypeTensor = 1;
    private const int TensorTypeElemType = 1;
    private const int TensorTypeShape = 2;
    private const int ShapeDim = 1;
    private const int DimValue = 1;
    private const int DimParam = 2;

    public static byte[] Serialize(OnnxGraph graph, long opset = DefaultOpset, string? docString = null) =>
        Build(graph, opset, docString).ToArray();

    /// <summary>Writes the model to <paramref name="path"/> via a temporary file, so a reader never sees half a model.</summary>
    public static void Save(OnnxGraph graph, string path, long opset = DefaultOpset, string? docString = null)
    {
        var model = Build(graph, opset, docString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var file = File.Create(temporary)) model.CopyTo(file);
        File.Move(temporary, path, overwrite: true);
    }

    private static ProtobufWriter Build(OnnxGraph graph, long opset, string? docString)
    {
        var model = new ProtobufWriter();
        model.Varint(ModelIrVersion, IrVersion);
        model.String(ModelProducerName, Producer);
        if (docString is not null) model.String(ModelDocString, docString);
        model.Message(ModelGraph, WriteGraph(graph));
        var opsetId = new ProtobufWriter();
        opsetId.String(OpsetDomain, "");
        opsetId.Varint(OpsetVersion, opset);
        model.Message(ModelOpsetImport, opsetId);
        return model;
    }

    private static ProtobufWriter WriteGraph(OnnxGraph graph)
    {
        var writer = new ProtobufWriter();
        foreach (var node in graph.Nodes) writer.Message(GraphNode, WriteNode(node));
        writer.String(GraphName, graph.Name);
        foreach (var initializer in graph.Initializers) writer.Message(GraphInitializer, WriteTensor(initializer));
        foreach (var input in graph.Inputs) writer.Message(GraphInput, WriteValueInfo(input));
        foreach (var output in graph.Outputs) writer.Message(GraphOutput, WriteValueInfo(output));
        return writer;
    }

    private static ProtobufWriter WriteNode(OnnxGraph.Node node)
    {
        var writer = new ProtobufWriter();
        foreach (var input in node.Inputs) writer.String(NodeInput, input);
        foreach (var output in node.Outputs) writer.String(NodeOutput, output);
        writer.String(NodeName, node.Name);
        writer.String(NodeOpType, node.OpType);
        foreach (var attribute in node.Attributes) writer.Message(NodeAttribute, WriteAttribute(attribute));
        return writer;
    }

    private static ProtobufWriter WriteAttribute(OnnxAttribute attribute)
    {
        var writer = new ProtobufWriter();
        writer.String(AttributeName, attribute.Name);
        switch (attribute.Type)
        {
            case OnnxAttribute.TypeInt: writer.Varint(AttributeInt, attribute.IntValue); break;
            case OnnxAttribute.TypeFloat: writer.Float(AttributeFloat, attribute.FloatValue); break;
            case OnnxAttribute.TypeString: writer.String(AttributeString, attribute.StringValue!); break;
            case OnnxAttribute.TypeInts: writer.PackedVarints(AttributeInts, attribute.IntValues); break;
            case OnnxAttribute.TypeFloats: writer.PackedFloats(AttributeFloats, attribute.FloatValues); break;
        }
        writer.Varint(AttributeType, attribute.Type);
        return writer;
    }

    private static ProtobufWriter WriteTensor(OnnxGraph.Initializer initializer)
    {
        var writer = new ProtobufWriter();
        writer.PackedVarints(TensorDims, initializer.Dims);
        writer.Varint(TensorDataType, (long)initializer.Type);
        writer.String(TensorName, initializer.Name);
        writer.Bytes(TensorRawData, initializer.RawData);
        return writer;
    }

    private static ProtobufWriter WriteValueInfo(OnnxGraph.ValueInfo value)
    {
        var shape = new ProtobufWriter();
        foreach (var dimension in value.Shape)
        {
            var dim = new ProtobufWriter();
            if (dimension.Size is { } size) dim.Varint(DimValue, size);
            else dim.String(DimParam, dimension.Symbol ?? "?");
            shape.Message(ShapeDim, dim);
        }
        var tensorType = new ProtobufWriter();
        tensorType.Varint(TensorTypeElemType, (long)value.Type);
        tensorType.Message(TensorTypeShape, shape);
        var type = new ProtobufWriter();
        type.Message(TypeTensor, tensorType);
        var writer = new ProtobufWriter();
        writer.String(ValueInfoName, value.Name);
        writer.Message(ValueInfoType, type);
        return writer;
    }
}
