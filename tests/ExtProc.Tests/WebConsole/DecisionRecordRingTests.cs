using ExtProcRouter.WebConsole;

namespace ExtProcRouter.Tests.WebConsole;

public sealed class DecisionRecordRingTests
{
    [Fact]
    public void Keeps_every_record_oldest_first_until_full()
    {
        var ring = new DecisionRecordRing(capacity: 4);
        ring.Record(ScriptedRecords.Direct(ScriptedRecords.Now, "a"));
        ring.Record(ScriptedRecords.Direct(ScriptedRecords.Now, "b"));

        Assert.Equal(["a", "b"], ring.Snapshot().Select(r => r.ServedModel));
        Assert.Equal(2, ring.Recorded);
    }

    [Fact]
    public void Overwrites_the_oldest_records_beyond_its_capacity()
    {
        var ring = new DecisionRecordRing(capacity: 3);
        foreach (var model in new[] { "a", "b", "c", "d", "e" }) ring.Record(ScriptedRecords.Direct(ScriptedRecords.Now, model));

        Assert.Equal(["c", "d", "e"], ring.Snapshot().Select(r => r.ServedModel));
        Assert.Equal(5, ring.Recorded);
        Assert.Equal(3, ring.Capacity);
    }

    [Fact]
    public async Task Concurrent_writers_lose_no_count_and_never_exceed_the_capacity()
    {
        var ring = new DecisionRecordRing(capacity: 100);
        var record = ScriptedRecords.Direct(ScriptedRecords.Now, "m");
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1_000; i++) ring.Record(record);
        })));

        Assert.Equal(8_000, ring.Recorded);
        var snapshot = ring.Snapshot();
        Assert.Equal(100, snapshot.Count);
        Assert.All(snapshot, r => Assert.Same(record, r));
    }

    [Fact]
    public void Refuses_a_capacity_below_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecisionRecordRing(capacity: 0));
}
