using ExtProcRouter.Security;

namespace ExtProcRouter.Tests.Security;

public class AccessKeyVerifierTests
{
    private const string Key = "sk-router-correct-key-123";
    private readonly AccessKeyVerifier _verifier = AccessKeyVerifier.FromList($" {Key} , sk-router-second ");

    [Fact]
    public void Without_configured_keys_every_request_passes()
    {
        Assert.True(AccessKeyVerifier.FromList(null).IsOpen);
        Assert.True(AccessKeyVerifier.FromList(" ").IsOpen);
        Assert.Null(AccessKeyVerifier.Open.Check(null));
        Assert.Null(AccessKeyVerifier.Open.Check("Bearer anything"));
    }

    [Theory]
    [InlineData("Bearer " + Key)]
    [InlineData("bearer " + Key)]
    [InlineData("Bearer   " + Key + "  ")]
    [InlineData("Bearer sk-router-second")]
    public void A_configured_key_passes(string header) => Assert.Null(_verifier.Check(header));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public void A_missing_key_is_401_missing_api_key(string? header)
    {
        var error = _verifier.Check(header);
        Assert.NotNull(error);
        Assert.Equal((401, "authentication_error", "missing_api_key"), (error.StatusCode, error.Type, error.Code));
    }

    [Theory]
    [InlineData("Bearer sk-router-correct-key-12")]
    [InlineData("Bearer sk-router-correct-key-1234")]
    [InlineData("Bearer SK-ROUTER-CORRECT-KEY-123")]
    [InlineData("Bearer sk-router-second,sk-router-correct-key-123")]
    public void A_wrong_key_is_401_invalid_api_key_and_the_message_never_echoes_it(string header)
    {
        var error = _verifier.Check(header);
        Assert.NotNull(error);
        Assert.Equal((401, "invalid_api_key"), (error.StatusCode, error.Code));
        Assert.DoesNotContain(header["Bearer ".Length..], error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-router", error.Message, StringComparison.Ordinal);
    }
}
