using System.Text.Json;

namespace ExtProcRouter.Evaluation;

/// <summary>
/// One JSON line per evaluated case (data set, id, category, expected, predicted, confidence, strict, and the score of
/// every offered route): the per-case view the markdown report's confusion table summarises, for finding which
/// conversations a model gets wrong and how close the runner-up was (the input of `cross-encoder --predictions`).
/// </summary>
public static class PredictionsFile
{
    public static async Task WriteAsync(Stream output, IEnumerable<EvaluationResult> results, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output);
        foreach (var result in results)
        {
            foreach (var outcome in result.Outcomes)
            {
                json.WriteStartObject();
                json.WriteString("data", result.DataName);
                json.WriteString("id", outcome.Case.Id);
                json.WriteString("category", outcome.Case.Category);
                json.WriteString("expected", outcome.Case.Expected);
                json.WriteString("predicted", outcome.Predicted);
                json.WriteNumber("confidence", Math.Round(outcome.Confidence, 4));
                json.WriteBoolean("strict", outcome.IsStrictlyCorrect);
                if (outcome.Error is { } error) json.WriteString("error", error);
                if (outcome.Scores is { Count: > 0 } scores)
                {
                    json.WriteStartObject("scores");
                    foreach (var score in scores) json.WriteNumber(score.Route, Math.Round(score.Score, 6));
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                output.WriteByte((byte)'\n');
                json.Reset();
            }
        }
    }
}
