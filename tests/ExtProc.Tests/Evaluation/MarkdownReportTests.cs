using ExtProcRouter.Evaluation;
using static ExtProcRouter.Tests.Evaluation.Cases;

namespace ExtProcRouter.Tests.Evaluation;

public sealed class MarkdownReportTests
{
    private static EvaluationResult Result(string data, params CaseOutcome[] outcomes) =>
        new("keyword", data, EvaluationMetrics.Compute(outcomes), outcomes);

    [Fact]
    public void Renders_headline_categories_and_confusions()
    {
        var result = Result("tiny.jsonl",
            Outcome("a", "a", "general", 1),
            Outcome("b", "a", "follow_up", 3),
            Outcome("other", "other", "negative", 2));

        var expected = """
            ## keyword on tiny.jsonl

            | cases | strict | lenient | other precision | other recall | other F1 | p50 | p99 | errors |
            |---:|---:|---:|---:|---:|---:|---:|---:|---:|
            | 3 | 66.7% | 66.7% | 1.000 | 1.000 | 1.000 | 2.00 ms | 3.00 ms | 0 |

            ### Per category

            | category | cases | strict | lenient |
            |---|---:|---:|---:|
            | follow_up | 1 | 0.0% | 0.0% |
            | general | 1 | 100.0% | 100.0% |
            | negative | 1 | 100.0% | 100.0% |

            ### Most frequent confusions

            | expected | predicted | count |
            |---|---|---:|
            | b | a | 1 |

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), MarkdownReport.Render(result));
    }

    [Fact]
    public void Summary_has_one_row_per_run_and_a_macro_average()
    {
        var first = Result("one.jsonl", Outcome("a", "a"), Outcome("a", "b"));
        var second = Result("two.jsonl", Outcome("c", "c", "follow_up"));
        var summary = MarkdownReport.RenderSummary([first, second]);
        Assert.Contains("| keyword | one.jsonl | 2 | 50.0% | 50.0% | n/a | n/a | 1.00 ms | 1.00 ms |", summary, StringComparison.Ordinal);
        Assert.Contains("| keyword | two.jsonl | 1 | 100.0% | 100.0% | 100.0% | n/a |", summary, StringComparison.Ordinal);
        Assert.Contains("| macro | | 3 | 75.0% | 75.0% |", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipes_in_names_do_not_break_the_table()
    {
        var result = Result("a|b.jsonl", Outcome("a", "x|y"));
        Assert.Contains("a\\|b.jsonl", MarkdownReport.Render(result), StringComparison.Ordinal);
        Assert.Contains("| a | x\\|y | 1 |", MarkdownReport.Render(result), StringComparison.Ordinal);
    }
}
