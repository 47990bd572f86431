using System.Text;

namespace ExtProcRouter.Tests.Translation.Support;

/// <summary>
/// Golden fixture files under Fixtures/. Each starts with <c>//</c> lines citing the provider documentation it
/// follows; those lines are stripped, the rest is used byte for byte.
/// </summary>
internal static class Fixture
{
    public static byte[] Bytes(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath), Encoding.UTF8);
        var lines = text.Split('\n');
        var skip = 0;
        while (skip < lines.Length && lines[skip].StartsWith("//", StringComparison.Ordinal)) skip++;
        return Encoding.UTF8.GetBytes(string.Join('\n', lines[skip..]));
    }

    public static string Text(string relativePath) => Encoding.UTF8.GetString(Bytes(relativePath));
}
