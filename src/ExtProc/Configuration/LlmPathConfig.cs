using ExtProcRouter.Translation;

namespace ExtProcRouter.Configuration;

/// <summary>A request path the router handles, and the API the client speaks on it.</summary>
public sealed record LlmPathConfig(string Path, ApiFormat ClientFormat);
