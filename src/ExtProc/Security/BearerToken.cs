namespace ExtProcRouter.Security;

/// <summary>Reads the token out of an <c>Authorization: Bearer &lt;token&gt;</c> header value.</summary>
public static class BearerToken
{
    private const string Scheme = "Bearer ";

    public static bool TryParse(string? authorization, out ReadOnlySpan<char> token)
    {
        token = default;
        if (authorization is null || authorization.Length <= Scheme.Length) return false;
        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return false;
        token = authorization.AsSpan(Scheme.Length).Trim();
        return !token.IsEmpty;
    }
}
