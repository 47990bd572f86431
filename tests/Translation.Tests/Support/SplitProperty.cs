using ExtProcRouter.Translation;
using FsCheck;
using FsCheck.Fluent;

namespace ExtProcRouter.Tests.Translation.Support;

/// <summary>The streaming invariant: however the upstream body is cut into chunks, the client sees the same bytes.</summary>
internal static class SplitProperty
{
    public static void Holds(Func<ITranslator> newTranslator, int status, bool eventStream, byte[] upstreamBody, int maxTest = 150)
    {
        var reference = TranslationRun.Response(newTranslator(), status, eventStream, upstreamBody);
        Assert.NotEmpty(reference);
        Assert.Equal(reference, TranslationRun.Response(newTranslator(), status, eventStream, upstreamBody, [1]));

        // Chunk sizes skewed small, so cuts land inside lines, JSON strings and multi-byte characters.
        var sizes = Gen.Frequency(
                (6, Gen.Choose(1, 8)),
                (3, Gen.Choose(9, 200)),
                (1, Gen.Choose(201, 5000)))
            .ArrayOf()
            .Where(a => a.Length > 0)
            .ToArbitrary();
        var property = Prop.ForAll(sizes, cut =>
            TranslationRun.Response(newTranslator(), status, eventStream, upstreamBody, cut).AsSpan().SequenceEqual(reference));
        Check.One(PropertyConfig.Deterministic(maxTest), property);
    }
}
