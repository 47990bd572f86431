using System.Text;
using System.Text.Json.Nodes;

namespace ExtProcRouter.Tests.Translation.Support;

internal static class JsonAssert
{
    public static void Equivalent(string expected, string actual, string what = "json")
    {
        JsonNode? want = JsonNode.Parse(expected), got;
        try
        {
            got = JsonNode.Parse(actual);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"{what}: output is not JSON ({e.Message}):\n{actual}");
        }
        if (!JsonNode.DeepEquals(want, got))
            throw new Xunit.Sdk.XunitException($"{what} differs.\nexpected: {want?.ToJsonString()}\nactual:   {got?.ToJsonString()}");
    }

    public static void Equivalent(byte[] expected, byte[] actual, string what = "json") =>
        Equivalent(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual), what);

    public static JsonNode Parse(byte[] json) => JsonNode.Parse(json) ?? throw new Xunit.Sdk.XunitException("null JSON");
}
