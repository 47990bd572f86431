namespace ExtProcRouter.Metrics;

/// <summary>The exposition format's rules for metric and label names, checked when a family is created.</summary>
internal static class MetricNaming
{
    public static void ValidateMetricName(string name)
    {
        if (string.IsNullOrEmpty(name) || !IsNameStart(name[0], allowColon: true) || !name.All(c => IsNameChar(c, allowColon: true)))
            throw new ArgumentException($"'{name}' is not a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
    }

    public static void ValidateLabelName(string name)
    {
        if (string.IsNullOrEmpty(name) || !IsNameStart(name[0], allowColon: false) || !name.All(c => IsNameChar(c, allowColon: false)))
            throw new ArgumentException($"'{name}' is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
        if (name.StartsWith("__", StringComparison.Ordinal))
            throw new ArgumentException($"label name '{name}' is reserved (starts with __)");
    }

    private static bool IsNameStart(char c, bool allowColon) => char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':');

    private static bool IsNameChar(char c, bool allowColon) => IsNameStart(c, allowColon) || char.IsAsciiDigit(c);
}
