namespace ExtProcRouter.Routing.Affinity;

/// <summary>What a session is pinned to: the model slug and the task that chose it (for the route header).</summary>
public sealed record PinnedModel(string Slug, string? Route)
{
    private const char Separator = '\n';

    public string Encode() => Route is null ? Slug : string.Concat(Slug, Separator.ToString(), Route);

    public static PinnedModel Decode(string encoded)
    {
        var separator = encoded.IndexOf(Separator);
        return separator < 0 ? new PinnedModel(encoded, null) : new PinnedModel(encoded[..separator], encoded[(separator + 1)..]);
    }
}
