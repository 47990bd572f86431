using ExtProcRouter.IntentModel.Training;

namespace ExtProcRouter.Tests.IntentModel.Training;

public sealed class FloorSelectionTests
{
    private static Dictionary<string, double> Accuracies(double followups, double sgd) =>
        new(StringComparer.Ordinal) { ["followups_dev.jsonl"] = followups, ["sgd_dev.jsonl"] = sgd };

    [Fact]
    public void Without_floors_the_score_is_the_macro_accuracy() =>
        Assert.Equal(0.75, FloorSelection.None.Score(Accuracies(0.7, 0.8)), 9);

    [Fact]
    public void An_epoch_meeting_every_floor_beats_a_higher_macro_that_misses_one()
    {
        var selection = FloorSelection.Parse("followups_dev.jsonl=79");
        var meets = selection.Score(Accuracies(0.80, 0.70));
        var misses = selection.Score(Accuracies(0.78, 0.90));
        Assert.Equal(0.75, meets, 9);
        Assert.True(meets > misses, $"{meets} vs {misses}");
    }

    [Fact]
    public void Among_epochs_that_miss_the_smaller_shortfall_wins()
    {
        var selection = FloorSelection.Parse("followups_dev.jsonl=0.79, sgd_dev.jsonl=0.8");
        Assert.True(selection.Score(Accuracies(0.78, 0.79)) > selection.Score(Accuracies(0.70, 0.79)));
    }

    [Theory]
    [InlineData("followups_dev.jsonl")]
    [InlineData("followups_dev.jsonl=high")]
    public void Rejects_malformed_floors(string text) => Assert.Throws<FormatException>(() => FloorSelection.Parse(text));
}
