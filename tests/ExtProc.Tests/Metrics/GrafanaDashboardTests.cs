using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ExtProcRouter.Tests.Envoy;
using ExtProcRouter.WellKnown;
using ExtProcRouter.Tests.Support;

namespace ExtProcRouter.Tests.Metrics;

/// <summary>k8s/grafana-dashboard.json must query only metrics the sidecar exposes, and every family must be on it.</summary>
public partial class GrafanaDashboardTests
{
    [GeneratedRegex(@"\b(gen_ai_[a-z_]+|extproc_[a-z_]+)")]
    private static partial Regex MetricReference();

    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    [Fact]
    public void Every_query_names_an_exposed_family_and_every_family_is_charted()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "k8s", "grafana-dashboard.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(panel => panel.TryGetProperty("targets", out _))
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!)
            .ToList();
        var families = typeof(MetricNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (string)field.GetRawConstantValue()!).ToHashSet();

        var labels = typeof(MetricLabels).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (string)field.GetRawConstantValue()!).ToHashSet();

        var referenced = expressions.SelectMany(expr => MetricReference().Matches(expr).Select(m => m.Value))
            .Where(name => !labels.Contains(name))
            .Select(name => families.Contains(name) ? name : HistogramSuffixes.Where(name.EndsWith).Select(s => name[..^s.Length]).FirstOrDefault() ?? name)
            .ToHashSet();

        Assert.Empty(referenced.Except(families));
        Assert.Empty(families.Except(referenced));
    }
}
