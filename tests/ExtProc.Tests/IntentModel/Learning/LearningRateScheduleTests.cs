using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void WarmsUpLinearlyThenDecaysLinearlyToTheFloor()
    {
        var schedule = new LearningRateSchedule(PeakRate: 1f, WarmupSteps: 4, TotalSteps: 10, LearningRateDecay.Linear, FloorRate: 0f);

        float[] expected = [0.25f, 0.5f, 0.75f, 1f, 1f, 0.8f, 0.6f, 0.4f, 0.2f, 0f];
        for (var step = 0; step < expected.Length; step++) Assert.Equal(expected[step], schedule.At(step), 5);
        Assert.Equal(0f, schedule.At(25)); // past the end it stays at the floor
    }

    [Fact]
    public void CosineDecayIsHalfWayAtTheMiddle()
    {
        var schedule = new LearningRateSchedule(PeakRate: 2f, WarmupSteps: 4, TotalSteps: 11, LearningRateDecay.Cosine, FloorRate: 0.2f);

        Assert.Equal(2f, schedule.At(4), 5);
        Assert.Equal(1.1f, schedule.At(7), 5); // progress 3/6: floor + (peak - floor) / 2
        Assert.Equal(0.2f, schedule.At(10), 5);
        Assert.True(schedule.At(5) > 1.1f + (2f - 1.1f) / 2); // cosine: slower than linear at the start
    }

    [Fact]
    public void WithoutWarmupStartsAtThePeak()
    {
        var schedule = new LearningRateSchedule(PeakRate: 0.5f, WarmupSteps: 0, TotalSteps: 3, LearningRateDecay.Linear);

        Assert.Equal([0.5f, 0.25f, 0f], Enumerable.Range(0, 3).Select(schedule.At).ToArray());
    }
}
