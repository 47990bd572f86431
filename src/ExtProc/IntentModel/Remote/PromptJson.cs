using System.Text;

namespace ExtProcRouter.IntentModel.Remote;

/// <summary>
/// Writes JSON byte-for-byte the way the Plano gateway (Rust serde_json) writes it into the routing prompts, since
/// the models were trained on that text: only <c>"</c>, <c>\</c> and control characters are escaped (non-ASCII stays
/// as is), in compact (<c>{"a":1}</c>), spaced (<c>{"a": 1}</c>) or 4-space indented layout.
/// </summary>
internal static class PromptJson
{
    public static void AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case < ' ': builder.Append("\\u00").Append(((int)c).ToString("x2")); break;
                default: builder.Append(c); break;
            }
        }
        builder.Append('"');
    }

    /// <summary><c>[{"name":"..","description":".."},...]</c></summary>
    public static void AppendCompactRoutes(StringBuilder builder, IReadOnlyList<RouteDescription> routes)
    {
        builder.Append('[');
        for (var i = 0; i < routes.Count; i++)
        {
            if (i > 0) builder.Append(',');
            builder.Append("{\"name\":");
            AppendString(builder, routes[i].Name);
            builder.Append(",\"description\":");
            AppendString(builder, routes[i].Description);
            builder.Append('}');
        }
        builder.Append(']');
    }

    /// <summary>One spaced object per line, each with the empty parameter schema Plano-Orchestrator was trained on.</summary>
    public static void AppendRouteLines(StringBuilder builder, IReadOnlyList<RouteDescription> routes)
    {
        for (var i = 0; i < routes.Count; i++)
        {
            if (i > 0) builder.Append('\n');
            builder.Append("{\"name\": ");
            AppendString(builder, routes[i].Name);
            builder.Append(", \"description\": ");
            AppendString(builder, routes[i].Description);
            builder.Append(", \"parameters\": {\"type\": \"object\", \"properties\": {}, \"required\": []}}");
        }
    }

    /// <summary><c>[{"role":"user","content":".."},...]</c></summary>
    public static void AppendCompactConversation(StringBuilder builder, IReadOnlyList<ChatTurn> turns)
    {
        builder.Append('[');
        for (var i = 0; i < turns.Count; i++)
        {
            if (i > 0) builder.Append(',');
            builder.Append("{\"role\":");
            AppendString(builder, turns[i].RoleName);
            builder.Append(",\"content\":");
            AppendString(builder, turns[i].Text);
            builder.Append('}');
        }
        builder.Append(']');
    }

    /// <summary>The conversation indented by four spaces per level (serde_json's PrettyFormatter).</summary>
    public static void AppendIndentedConversation(StringBuilder builder, IReadOnlyList<ChatTurn> turns)
    {
        if (turns.Count == 0)
        {
            builder.Append("[]");
            return;
        }
        builder.Append("[\n");
        for (var i = 0; i < turns.Count; i++)
        {
            builder.Append("    {\n        \"role\": ");
            AppendString(builder, turns[i].RoleName);
            builder.Append(",\n        \"content\": ");
            AppendString(builder, turns[i].Text);
            builder.Append("\n    }");
            builder.Append(i + 1 < turns.Count ? ",\n" : "\n");
        }
        builder.Append(']');
    }
}
