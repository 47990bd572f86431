namespace ExtProcRouter.Admin;

/// <summary>Keys of keyed services, so the admin token's hash set is never confused with the access keys'.</summary>
public static class ServiceKeys
{
    public const string AdminToken = "admin-token";
}
