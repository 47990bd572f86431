using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using Envoy.Config.Bootstrap.V3;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using ExtProcRouter.Tests.Support;

namespace ExtProcRouter.Tests.Envoy;

/// <summary>
/// Parses Envoy YAML into the generated protobuf messages with Google.Protobuf's strict JSON parser: every
/// message compiled into ExtProcRouter.Protos is registered for <c>typed_config</c> <c>@type</c> look-ups, and unknown
/// fields are errors, so a typo or a type this project does not compile fails instead of being skipped.
/// </summary>
internal static class EnvoyConfigLoader
{
    public static TypeRegistry Registry { get; } = BuildRegistry();

    private static readonly JsonParser StrictParser =
        new(JsonParser.Settings.Default.WithTypeRegistry(Registry).WithIgnoreUnknownFields(false));

    public static Bootstrap ParseBootstrap(string yaml) => Parse<Bootstrap>(yaml);

    public static T Parse<T>(string yaml) where T : IMessage<T>, new() =>
        StrictParser.Parse<T>(ToJson(yaml).ToJsonString());

    public static IMessage Parse(MessageDescriptor descriptor, JsonNode json) =>
        StrictParser.Parse(json.ToJsonString(), descriptor);

    public static JsonNode ToJson(string yaml) =>
        YamlToJson.Convert(yaml) ?? throw new FormatException("the YAML document is empty");

    /// <summary>Every message reachable from <paramref name="root"/>, including those packed in <see cref="Any"/>.</summary>
    public static IEnumerable<IMessage> EnumerateMessages(IMessage root)
    {
        var pending = new Stack<IMessage>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var message = pending.Pop();
            yield return message;
            if (message is Any any)
            {
                var packed = Registry.Find(Any.GetTypeName(any.TypeUrl))
                    ?? throw new InvalidOperationException($"no descriptor registered for {any.TypeUrl}");
                pending.Push(packed.Parser.ParseFrom(any.Value));
                continue;
            }
            foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
            {
                if (field.FieldType != FieldType.Message)
                    continue;
                var value = field.Accessor.GetValue(message);
                switch (value)
                {
                    case IMessage child:
                        pending.Push(child);
                        break;
                    case IDictionary map:
                        foreach (var entry in map.Values)
                            if (entry is IMessage child) pending.Push(child);
                        break;
                    case IList list:
                        foreach (var item in list)
                            if (item is IMessage child) pending.Push(child);
                        break;
                }
            }
        }
    }

    public static IReadOnlyList<string> EnvoyYamlFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "envoy"), "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static TypeRegistry BuildRegistry()
    {
        // Each generated *Reflection class exposes its file's descriptor; TypeRegistry.FromFiles adds dependencies
        // (including the well-known types) transitively.
        var files = typeof(Bootstrap).Assembly.GetTypes()
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(property => property?.PropertyType == typeof(FileDescriptor))
            .Select(property => (FileDescriptor)property!.GetValue(null)!)
            .ToArray();
        if (files.Length == 0)
            throw new InvalidOperationException("no generated proto files were found in ExtProcRouter.Protos");
        return TypeRegistry.FromFiles(files);
    }
}
