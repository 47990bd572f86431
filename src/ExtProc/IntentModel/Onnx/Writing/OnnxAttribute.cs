namespace ExtProcRouter.IntentModel.Onnx.Writing;

/// <summary>A node attribute (AttributeProto): one int, float, string, list of ints or list of floats.</summary>
public sealed record OnnxAttribute
{
    // AttributeProto.AttributeType values.
    internal const int TypeFloat = 1;
    internal const int TypeInt = 2;
    internal const int TypeString = 3;
    internal const int TypeFloats = 6;
    internal const int TypeInts = 7;

    private OnnxAttribute(string name, int type) => (Name, Type) = (name, type);

    public string Name { get; }

    internal int Type { get; }

    internal long IntValue { get; private init; }

    internal float FloatValue { get; private init; }

    internal string? StringValue { get; private init; }

    internal long[] IntValues { get; private init; } = [];

    internal float[] FloatValues { get; private init; } = [];

    public static OnnxAttribute Int(string name, long value) => new(name, TypeInt) { IntValue = value };

    public static OnnxAttribute Float(string name, float value) => new(name, TypeFloat) { FloatValue = value };

    public static OnnxAttribute String(string name, string value) => new(name, TypeString) { StringValue = value };

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, TypeInts) { IntValues = values };

    public static OnnxAttribute Floats(string name, params float[] values) => new(name, TypeFloats) { FloatValues = values };
}
