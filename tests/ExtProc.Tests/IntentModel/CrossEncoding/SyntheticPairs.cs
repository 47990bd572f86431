using ExtProcRouter.IntentModel.CrossEncoding;
using ExtProcRouter.Tests.IntentModel.FineTuning;

namespace ExtProcRouter.Tests.IntentModel.CrossEncoding;

/// <summary>
/// <see cref="SyntheticRouting"/>'s task as cross-encoder pairs: each offered route's token, then the message's tokens.
/// A pair scores high only if the encoder relates the route token to the message's band, which needs attention.
/// </summary>
internal static class SyntheticPairs
{
    public static List<CrossEncoderExample> Cases(int seed, int count) =>
        SyntheticRouting.Cases(seed, count).Select((example, i) => new CrossEncoderExample(
            $"case-{seed}-{i}",
            example.Routes.Select(r => r.Name).ToArray(),
            example.Routes.Select(r => r.Text.TokenIds.Concat(example.Views[0].TokenIds).ToArray()).ToArray(),
            example.Target,
            example.Source)).ToList();
}
