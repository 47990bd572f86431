namespace ExtProcRouter.Translation.Json;

/// <summary>Where a raw JSON value sits inside a buffer (strings include their quotes); lets events be parsed without copying.</summary>
internal readonly record struct JsonRange(int Start, int Length)
{
    public static JsonRange None => new(-1, 0);

    public bool IsPresent => Start >= 0;

    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> json) => IsPresent ? json.Slice(Start, Length) : [];
}
