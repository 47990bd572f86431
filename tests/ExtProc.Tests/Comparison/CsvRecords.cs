using System.Text;

namespace ExtProcRouter.Tests.Comparison;

/// <summary>A strict RFC 4180 reader for the tests, written independently of the writer so that it can disagree with it.</summary>
internal static class CsvRecords
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (field.Length == 0 && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new FormatException("unterminated quoted field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                if (i < text.Length && text[i] != ',' && text[i] != '\r') throw new FormatException($"text after a closing quote at {i}");
                continue;
            }
            switch (text[i])
            {
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    record.Add(field.ToString());
                    field.Clear();
                    records.Add(record);
                    record = [];
                    i += 2;
                    break;
                case '"' or '\r' or '\n':
                    throw new FormatException($"unquoted special character at {i}");
                default:
                    field.Append(text[i++]);
                    break;
            }
        }
        if (field.Length > 0 || record.Count > 0) throw new FormatException("the last record has no CRLF");
        return records;
    }
}
