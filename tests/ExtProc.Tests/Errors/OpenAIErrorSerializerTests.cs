using System.Text;
using ExtProcRouter.Errors;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Errors;

public class OpenAIErrorSerializerTests
{
    [Fact]
    public void Writes_openai_error_shape_exactly()
    {
        var json = Encoding.UTF8.GetString(OpenAIErrorSerializer.ToUtf8Json(OpenAIErrors.ModelNotFound("gpt-9")));

        Assert.Equal("""{"error":{"message":"The model \u0027gpt-9\u0027 does not exist or is not served by this router.","type":"not_found_error","param":"model","code":"model_not_found"}}""", json);
    }

    [Fact]
    public void A_missing_param_is_null_and_text_is_escaped()
    {
        var json = Encoding.UTF8.GetString(OpenAIErrorSerializer.ToUtf8Json(new OpenAIError(400, "t", "c", "a \"quoted\"\nline")));

        Assert.Equal("""{"error":{"message":"a \u0022quoted\u0022\nline","type":"t","param":null,"code":"c"}}""", json);
    }

    [Fact]
    public void Client_supplied_names_are_clipped()
    {
        var error = OpenAIErrors.ModelNotFound(new string('m', 10_000));

        Assert.True(error.Message.Length < 300);
    }

    [Theory]
    [InlineData(422, 422)]
    [InlineData(200, 400)]
    [InlineData(999, 400)]
    public void Translation_errors_keep_their_status_when_it_is_an_error_status(int thrown, int expected)
    {
        var error = OpenAIErrors.Translation(new TranslationException(thrown, "tools", "tools are not supported"));

        Assert.Equal((expected, "tools", "tools are not supported"), (error.StatusCode, error.Param, error.Message));
    }
}
