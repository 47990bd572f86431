using System.Text;
using System.Text.Json;
using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Conversation;

namespace ExtProcRouter.Evaluation;

/// <summary>
/// Reads routing cases from JSONL (DESIGN §5), one case a line, lazily. Unknown fields are ignored so that
/// data files can carry bookkeeping; anything the evaluation relies on is checked and reported with its line.
/// </summary>
public static class RoutingCaseLoader
{
    public static IEnumerable<RoutingCase> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Routing data file '{path}' does not exist.", path);
        }
        return ReadLines(File.ReadLines(path, Encoding.UTF8), Path.GetFileName(path));
    }

    public static IEnumerable<RoutingCase> ReadLines(IEnumerable<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            yield return Parse(line, source, lineNumber);
        }
    }

    public static RoutingCase Parse(string line, string source, int lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new RoutingDataException(source, lineNumber, $"not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RoutingDataException(source, lineNumber, "a case must be a JSON object");
            }
            var id = OptionalString(root, "id") ?? $"{source}:{lineNumber}";
            var routes = ReadRoutes(root, source, lineNumber);
            var messages = ReadMessages(root, source, lineNumber);
            var expected = RequiredString(root, "expected", source, lineNumber);
            if (expected != IntentDecision.Other && !routes.Any(r => r.Name == expected))
            {
                throw new RoutingDataException(source, lineNumber, $"expected route '{expected}' is not one of the offered routes nor '{IntentDecision.Other}'");
            }
            return new RoutingCase(
                id,
                OptionalString(root, "source") ?? string.Empty,
                routes,
                messages,
                expected,
                OptionalString(root, "category") ?? "uncategorised",
                ReadAlsoAcceptable(root),
                lineNumber);
        }
    }

    private static List<RouteDescription> ReadRoutes(JsonElement root, string source, int line)
    {
        if (!root.TryGetProperty("routes", out var routes) || routes.ValueKind != JsonValueKind.Array || routes.GetArrayLength() == 0)
        {
            throw new RoutingDataException(source, line, "'routes' must be a non-empty array");
        }
        var result = new List<RouteDescription>(routes.GetArrayLength());
        foreach (var route in routes.EnumerateArray())
        {
            if (route.ValueKind != JsonValueKind.Object)
            {
                throw new RoutingDataException(source, line, "each route must be an object with 'name' and 'description'");
            }
            var name = RequiredString(route, "name", source, line);
            if (name.Length == 0 || result.Any(r => r.Name == name))
            {
                throw new RoutingDataException(source, line, $"route names must be non-empty and unique ('{name}')");
            }
            result.Add(new RouteDescription(name, OptionalString(route, "description") ?? string.Empty));
        }
        return result;
    }

    private static List<ChatTurn> ReadMessages(JsonElement root, string source, int line)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw new RoutingDataException(source, line, "'messages' must be a non-empty array");
        }
        var result = new List<ChatTurn>(messages.GetArrayLength());
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw new RoutingDataException(source, line, "each message must be an object with 'role' and 'content'");
            }
            var role = ChatTurn.ParseRole(RequiredString(message, "role", source, line));
            result.Add(new ChatTurn(role, message.TryGetProperty("content", out var content) ? OpenAiChatTurns.Text(content) : string.Empty));
        }
        return result;
    }

    private static List<string> ReadAlsoAcceptable(JsonElement root)
    {
        var result = new List<string>();
        if (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("also_acceptable", out var also) && also.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in also.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    result.Add(item.GetString()!);
                }
            }
        }
        return result;
    }

    private static string RequiredString(JsonElement element, string name, string source, int line) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new RoutingDataException(source, line, $"'{name}' must be a string");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
