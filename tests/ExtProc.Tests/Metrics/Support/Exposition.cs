using System.Globalization;
using System.Text;

namespace ExtProcRouter.Tests.Metrics.Support;

/// <summary>
/// A small, strict parser of the Prometheus text format 0.0.4, written from the format's rules so tests can read
/// the exposition back and check its structure (HELP before TYPE before samples, escaping, histogram series).
/// </summary>
internal sealed class Exposition
{
    public Dictionary<string, Family> Families { get; } = new(StringComparer.Ordinal);

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed class Family(string name, string help)
    {
        public string Name { get; } = name;
        public string Help { get; } = help;
        public string? Type { get; set; }
        public List<Sample> Samples { get; } = [];
    }

    public static Exposition Parse(string text)
    {
        Assert.EndsWith("\n", text);
        var result = new Exposition();
        Family? current = null;
        foreach (var line in text[..^1].Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var space = rest.IndexOf(' ');
                var name = rest[..space];
                Assert.False(result.Families.ContainsKey(name), $"family {name} appears twice");
                current = new Family(name, Unescape(rest[(space + 1)..], allowQuote: false));
                result.Families.Add(name, current);
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                Assert.NotNull(current);
                Assert.Equal(current.Name, parts[2]);
                Assert.Null(current.Type);
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram" });
                Assert.Empty(current.Samples);
                current.Type = parts[3];
            }
            else
            {
                Assert.False(line.StartsWith('#'), $"unexpected comment: {line}");
                Assert.NotNull(current);
                Assert.NotNull(current.Type);
                var sample = ParseSample(line);
                Assert.True(BelongsTo(sample.Name, current), $"{sample.Name} is not part of family {current.Name}");
                current.Samples.Add(sample);
            }
        }
        foreach (var family in result.Families.Values.Where(f => f.Type == "histogram")) CheckHistogram(family);
        return result;
    }

    public Family this[string name] => Families.TryGetValue(name, out var family) ? family : throw new Xunit.Sdk.XunitException($"no family {name}");

    /// <summary>The value of the one sample with this name whose labels include all of <paramref name="labels"/>.</summary>
    public double Value(string sampleName, params (string Name, string Value)[] labels)
    {
        var matches = Families.Values.SelectMany(f => f.Samples)
            .Where(s => s.Name == sampleName && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))
            .ToList();
        Assert.True(matches.Count == 1, $"{matches.Count} samples of {sampleName} match {string.Join(",", labels)}");
        return matches[0].Value;
    }

    private static bool BelongsTo(string sample, Family family) => family.Type == "histogram"
        ? sample == family.Name + "_bucket" || sample == family.Name + "_sum" || sample == family.Name + "_count"
        : sample == family.Name;

    private static Sample ParseSample(string line)
    {
        var position = 0;
        while (position < line.Length && (char.IsAsciiLetterOrDigit(line[position]) || line[position] is '_' or ':')) position++;
        var name = line[..position];
        Assert.NotEmpty(name);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var equals = line.IndexOf('=', position);
                var label = line[position..equals];
                Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", label);
                Assert.Equal('"', line[equals + 1]);
                position = equals + 2;
                var value = new StringBuilder();
                while (line[position] != '"')
                {
                    if (line[position] == '\\')
                    {
                        position++;
                        value.Append(line[position] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw new Xunit.Sdk.XunitException($"bad escape \\{other} in {line}"),
                        });
                    }
                    else
                    {
                        value.Append(line[position]);
                    }
                    position++;
                }
                position++;
                Assert.True(labels.TryAdd(label, value.ToString()), $"label {label} twice in {line}");
                if (line[position] == ',') position++;
            }
            position++;
        }
        Assert.Equal(' ', line[position]);
        return new Sample(name, labels, ParseNumber(line[(position + 1)..]));
    }

    public static double ParseNumber(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string Unescape(string text, bool allowQuote)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                Assert.NotEqual('\n', text[i]);
                builder.Append(text[i]);
                continue;
            }
            i++;
            builder.Append(text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                '"' when allowQuote => '"',
                var other => throw new Xunit.Sdk.XunitException($"bad escape \\{other} in help {text}"),
            });
        }
        return builder.ToString();
    }

    /// <summary>Per label set: buckets in increasing le order ending at +Inf, cumulative counts, +Inf == _count, a _sum.</summary>
    private static void CheckHistogram(Family family)
    {
        static string KeyOf(Sample s) => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}"));
        foreach (var series in family.Samples.GroupBy(KeyOf))
        {
            var buckets = series.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(buckets);
            var bounds = buckets.Select(b => ParseNumber(b.Labels["le"])).ToList();
            Assert.Equal(double.PositiveInfinity, bounds[^1]);
            for (var i = 1; i < buckets.Count; i++)
            {
                Assert.True(bounds[i] > bounds[i - 1], $"{family.Name}: le not increasing");
                Assert.True(buckets[i].Value >= buckets[i - 1].Value, $"{family.Name}: buckets not cumulative");
            }
            var count = Assert.Single(series, s => s.Name == family.Name + "_count");
            Assert.Single(series, s => s.Name == family.Name + "_sum");
            Assert.Equal(buckets[^1].Value, count.Value);
        }
    }
}
