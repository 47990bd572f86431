using FsCheck;
using Microsoft.FSharp.Core;

namespace ExtProcRouter.Tests.IntentModel.Conversation;

/// <summary>A fixed FsCheck seed so that property tests are deterministic run to run.</summary>
internal static class Replays
{
    public static FSharpOption<Replay> Fixed { get; } = FSharpOption<Replay>.Some(new Replay(new Rnd(20261122UL, 7UL), FSharpOption<int>.None));
}
