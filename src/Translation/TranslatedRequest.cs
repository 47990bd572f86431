namespace ExtProcRouter.Translation;

/// <summary>The provider's request: its body, its path, whether it streams, and extra headers it needs.</summary>
public sealed record TranslatedRequest(
    byte[] Body,
    string Path,
    bool Stream,
    IReadOnlyList<KeyValuePair<string, string>> Headers);
