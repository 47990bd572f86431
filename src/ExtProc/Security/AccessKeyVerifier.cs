using ExtProcRouter.Errors;
using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Security;

/// <summary>
/// Checks the inference access key a client sends as <c>Authorization: Bearer &lt;key&gt;</c>. With no keys
/// configured the router is open (local development, <c>make run</c>); with keys, a missing or wrong key is 401.
/// </summary>
public sealed class AccessKeyVerifier
{
    private readonly SecretHashSet _keys;

    public AccessKeyVerifier(IEnumerable<string> keys) => _keys = new SecretHashSet(keys);

    /// <summary>No access keys: every request is let through.</summary>
    public static AccessKeyVerifier Open { get; } = new([]);

    /// <summary>Keys from <see cref="EnvironmentVariableNames.AccessKeys"/>, comma-separated.</summary>
    public static AccessKeyVerifier FromEnvironment() => FromList(Environment.GetEnvironmentVariable(EnvironmentVariableNames.AccessKeys));

    public static AccessKeyVerifier FromList(string? commaSeparatedKeys) =>
        string.IsNullOrWhiteSpace(commaSeparatedKeys) ? Open : new AccessKeyVerifier(commaSeparatedKeys.Split(','));

    public bool IsOpen => _keys.Count == 0;

    /// <summary>Null when the request may proceed, otherwise the 401 to answer with (it never echoes the key).</summary>
    public OpenAIError? Check(string? authorizationHeader)
    {
        if (IsOpen) return null;
        if (!BearerToken.TryParse(authorizationHeader, out var key)) return AccessErrors.MissingKey();
        return _keys.Contains(key) ? null : AccessErrors.InvalidKey();
    }
}
