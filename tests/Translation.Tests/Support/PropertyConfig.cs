using FsCheck;
using Microsoft.FSharp.Core;

namespace ExtProcRouter.Tests.Translation.Support;

/// <summary>FsCheck settings for this suite: a fixed seed, so every run checks the same cases and a failure reproduces.</summary>
internal static class PropertyConfig
{
    private const ulong Seed = 20261122;

    public static Config Deterministic(int maxTest) =>
        Config.QuickThrowOnFailure
            .WithMaxTest(maxTest)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(Seed), FSharpOption<int>.None)));
}
