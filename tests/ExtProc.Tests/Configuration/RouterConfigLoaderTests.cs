using ExtProcRouter.Configuration;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Configuration;

public class RouterConfigLoaderTests
{
    private const string Minimal = """
        providers:
          - name: p
            cluster: c
            format: openai
        models:
          - slug: m
            provider: p
        """;

    private static string? NoEnvironment(string name) => null;

    private static IReadOnlyList<string> ErrorsOf(string yaml) =>
        Assert.Throws<ConfigurationException>(() => RouterConfigLoader.Load(yaml, NoEnvironment)).Errors;

    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException(relative);
    }

    [Fact]
    public void The_example_config_loads_with_its_four_providers()
    {
        var config = RouterConfigLoader.LoadFile(RepositoryFile("config/router.yaml"),
            name => name == "OPENAI_API_KEY" ? "sk-example" : null);

        Assert.Equal(["openai", "anthropic", "gemini", "simulated"], config.Providers.Select(p => p.Name));
        var openai = config.Providers[0];
        Assert.Equal(("openai", ApiFormat.OpenAIChat, "authorization"), (openai.Cluster, openai.Format, openai.AuthHeader));
        Assert.NotNull(openai.Credential);
        Assert.True(config.Providers[1].IsMissingKey);
        Assert.Equal("x-api-key", config.Providers[1].AuthHeader);
        Assert.Equal("x-goog-api-key", config.Providers[2].AuthHeader);
        Assert.Equal("/v1beta", config.Providers[2].BasePath);
        var simulated = config.Providers[3];
        Assert.False(simulated.IsMissingKey);
        Assert.Null(simulated.Credential);
        Assert.True(config.TryFindModel("echo", out var echo));
        Assert.Equal(("sim-echo", "sim-echo-1", "simulated"), (echo.Slug, echo.UpstreamModelId, echo.Provider.Name));
        Assert.Equal(4 * 1024 * 1024, config.Limits.MaxRequestBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(2), config.Server.MessageTimeout);
        Assert.Equal((50051, "/tmp/extproc-router.sock", 9902), (config.Server.TcpPort, config.Server.UdsPath, config.Server.AdminPort));
        Assert.Equal(new Uri("http://127.0.0.1:8080"), config.Server.FrontDoorUrl);
    }

    [Fact]
    public void Defaults_apply_to_a_minimal_config()
    {
        var config = RouterConfigLoader.Load(Minimal, NoEnvironment);

        Assert.Equal(LimitsConfig.DefaultMaxRequestBodyBytes, config.Limits.MaxRequestBodyBytes);
        Assert.Equal(ServerConfig.DefaultMessageTimeout, config.Server.MessageTimeout);
        Assert.Equal(("127.0.0.1", 50051), (config.Server.TcpHost, config.Server.TcpPort));
        Assert.Equal("/v1", config.Providers[0].BasePath);
        Assert.True(config.TryFindModel("m", out var model));
        Assert.Equal("m", model.UpstreamModelId);
        Assert.True(config.TryFindLlmPath("/v1/chat/completions", out var chat));
        Assert.Equal(ApiFormat.OpenAIChat, chat.ClientFormat);
        Assert.True(config.TryFindLlmPath("/v1/messages", out var messages));
        Assert.Equal(ApiFormat.AnthropicMessages, messages.ClientFormat);
        Assert.False(config.TryFindLlmPath("/v1/models", out _));
    }

    [Fact]
    public void Keys_are_read_from_the_environment_once_and_never_shown()
    {
        var reads = new List<string>();
        var yaml = Minimal.Replace("format: openai", "format: openai\n    api_key_env: MY_KEY");

        var config = RouterConfigLoader.Load(yaml, name => { reads.Add(name); return "sk-secret-value"; });

        Assert.Equal(["MY_KEY"], reads);
        var provider = config.Providers[0];
        Assert.Equal("Bearer sk-secret-value", provider.Credential!.HeaderValue.ToStringUtf8());
        Assert.DoesNotContain("sk-secret-value", provider.ToString());
        Assert.DoesNotContain("sk-secret-value", provider.Credential.ToString());
    }

    [Fact]
    public void A_custom_auth_header_gets_the_bare_key_unless_a_scheme_is_given()
    {
        var yaml = Minimal.Replace("format: openai", "format: openai\n    api_key_env: K\n    auth_header: api-key");
        Assert.Equal("k1", RouterConfigLoader.Load(yaml, _ => "k1").Providers[0].Credential!.HeaderValue.ToStringUtf8());

        var withScheme = yaml.Replace("auth_header: api-key", "auth_header: api-key\n    auth_scheme: Token");
        Assert.Equal("Token k1", RouterConfigLoader.Load(withScheme, _ => "k1").Providers[0].Credential!.HeaderValue.ToStringUtf8());
    }

    [Fact]
    public void An_unknown_key_fails_with_its_position()
    {
        var errors = ErrorsOf(Minimal.Replace("cluster: c", "clustr: c"));

        Assert.Contains(errors, e => e.Contains("line 3") && e.Contains("clustr"));
    }

    [Fact]
    public void Every_provider_and_model_error_is_reported_at_once_with_the_offending_name()
    {
        var errors = ErrorsOf("""
            providers:
              - name: openai
                cluster: openai
                format: openai
              - name: openai
                format: cohere
                base_path: v1/
                auth_header: Authorization
              - cluster: x
                format: gemini
            models:
              - slug: a
                provider: openai
                aliases: [b, a]
              - slug: b
                provider: nowhere
                input_price_per_million: -1
              - slug: router:x
                provider: openai
              - provider: openai
            """);

        string[] expected =
        [
            "providers[1] 'openai': the name is used by another provider",
            "providers[1] 'openai': cluster is required",
            "providers[1] 'openai': format 'cohere' is not one of openai, anthropic, gemini",
            "providers[1] 'openai': base_path 'v1/' must start with '/' and end without '/' or query",
            "providers[1] 'openai': auth_header 'Authorization' must be a lower-case HTTP header name",
            "providers[1] 'openai': auth_header is set but api_key_env is not",
            "providers[2]: name is required",
            "models[0] 'a': alias 'a' is already the slug or an alias of model 'a'",
            "models[1] 'b': slug 'b' is already the slug or an alias of model 'a'",
            "models[1] 'b': provider 'nowhere' is not defined under providers",
            "models[1] 'b': input_price_per_million must not be negative",
            "models[2] 'router:x': slug 'router:x' must not start with 'router:' (reserved for routers)",
            "models[3]: slug is required",
        ];
        foreach (var message in expected) Assert.Contains(message, errors);
        Assert.Equal(expected.Length, errors.Count);
    }

    [Theory]
    [InlineData("", "providers: at least one provider is required")]
    [InlineData("limits:\n  max_request_body_bytes: 0\n", "limits.max_request_body_bytes: 0 must be positive")]
    [InlineData("server:\n  tcp_port: 70000\n", "server.tcp_port: 70000 is not a port (0-65535)")]
    [InlineData("server:\n  tcp_port: 9000\n  admin_port: 9000\n", "server.admin_port: 9000 is also server.tcp_port")]
    [InlineData("server:\n  uds_path: ''\n", "server: set tcp_port, uds_path or both, or leave the section out for the defaults")]
    [InlineData("server:\n  tcp_port: 1\n  message_timeout: soon\n", "server.message_timeout: 'soon' is not a positive duration such as 200ms or 2s")]
    [InlineData("server:\n  tcp_port: 1\n  front_door_url: localhost:8080\n", "server.front_door_url: 'localhost:8080' is not an absolute http(s) URL")]
    [InlineData("llm_paths:\n  - path: chat\n    format: openai\n", "llm_paths[0] 'chat': path must start with '/' and have no query string")]
    public void Section_errors_name_the_setting(string prefix, string expected)
    {
        var yaml = prefix.Length == 0 ? "models:\n  - slug: m\n    provider: p\n" : prefix + Minimal;

        Assert.Contains(expected, ErrorsOf(yaml));
    }

    [Fact]
    public void The_exception_message_lists_every_error()
    {
        var exception = Assert.Throws<ConfigurationException>(() => RouterConfigLoader.Load("models: []\nproviders: []\n", NoEnvironment));

        Assert.Contains("at least one provider", exception.Message);
        Assert.Contains("at least one model", exception.Message);
    }

    [Fact]
    public void A_configured_llm_path_replaces_a_built_in_one()
    {
        var config = RouterConfigLoader.Load(Minimal + "\nllm_paths:\n  - path: /v1/messages\n    format: openai\n", NoEnvironment);

        Assert.True(config.TryFindLlmPath("/v1/messages", out var path));
        Assert.Equal(ApiFormat.OpenAIChat, path.ClientFormat);
        Assert.Equal(2, config.LlmPaths.Count);
    }

    [Fact]
    public void A_missing_file_is_a_configuration_error_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "extproc-router-missing-" + Guid.NewGuid() + ".yaml");

        var error = Assert.Throws<ConfigurationException>(() => RouterConfigLoader.LoadFile(path, NoEnvironment));

        Assert.Contains(path, error.Errors.Single());
    }
}
