using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Envoy.Config.Bootstrap.V3;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Extensions.Upstreams.Http.V3;
using ExtProcRouter.WellKnown;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using EarlyHeaderMutation = Envoy.Extensions.Http.EarlyHeaderMutation.HeaderMutation.V3.HeaderMutation;
using ExtProcRouter.Tests.Support;

namespace ExtProcRouter.Tests.Envoy;

/// <summary>
/// Envoy is not installable here, so the shipped configs are checked by parsing them into
/// envoy.config.bootstrap.v3.Bootstrap strictly and by asserting the ext_proc semantics the sidecar relies on
/// (DESIGN §3).
/// </summary>
public sealed partial class EnvoyConfigTests
{
    private const string ExtProcFilterName = "envoy.filters.http.ext_proc";
    private static readonly string[] ProviderClusters = ["openai", "anthropic", "gemini", "simulated"];

    /// <summary>Files that put the router in front of providers; every other YAML under envoy/ must be listed in
    /// <see cref="FilesWithoutTheRouter"/>, so a new file cannot escape the semantic checks.</summary>
    private static readonly string[] RouterFiles =
        ["envoy.yaml", "envoy-tcp.yaml", "envoy-tls.yaml", "existing-gateway/envoy-with-router.yaml"];

    private static readonly string[] FilesWithoutTheRouter = ["existing-gateway/envoy.yaml"];

    private static readonly string[] FullRouterFiles = ["envoy.yaml", "envoy-tcp.yaml", "envoy-tls.yaml"];

    public static TheoryData<string> AllFiles() => new(EnvoyConfigLoader.EnvoyYamlFiles().Select(RelativeToEnvoy));
    public static TheoryData<string> RouterFileNames() => new(RouterFiles);
    public static TheoryData<string> FullRouterFileNames() => new(FullRouterFiles);

    [Fact]
    public void EveryYamlFileUnderEnvoyIsClassified()
    {
        var found = EnvoyConfigLoader.EnvoyYamlFiles().Select(RelativeToEnvoy).Order(StringComparer.Ordinal);
        Assert.Equal(RouterFiles.Concat(FilesWithoutTheRouter).Order(StringComparer.Ordinal), found);
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void FileParsesStrictlyIntoBootstrap(string file)
    {
        var bootstrap = Load(file);

        Assert.NotEmpty(bootstrap.StaticResources.Listeners);
        Assert.NotEmpty(bootstrap.StaticResources.Clusters);
        // Unpacking every typed_config proves each @type names a registered message and its payload is valid.
        Assert.Contains(EnvoyConfigLoader.EnumerateMessages(bootstrap), message => message is HttpConnectionManager);
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void EveryRouteTargetsADefinedCluster(string file)
    {
        var bootstrap = Load(file);
        var clusters = bootstrap.StaticResources.Clusters.Select(cluster => cluster.Name).ToHashSet();

        foreach (var route in Routes(bootstrap).Where(route => route.Route_ is not null))
            Assert.Contains(route.Route_.Cluster, clusters);
        foreach (var cluster in bootstrap.StaticResources.Clusters)
            Assert.Equal(cluster.Name, cluster.LoadAssignment.ClusterName);
    }

    [Theory]
    [MemberData(nameof(RouterFileNames))]
    public void ExtProcFilterHasTheSettingsTheSidecarReliesOn(string file)
    {
        var bootstrap = Load(file);
        var manager = Assert.Single(HttpConnectionManagers(bootstrap).DistinctBy(m => m.ToByteString()));
        var filterNames = manager.HttpFilters.Select(filter => filter.Name).ToList();
        Assert.True(filterNames.IndexOf(ExtProcFilterName) is >= 0 and var index && index < filterNames.IndexOf("envoy.filters.http.router"),
            "the ext_proc filter must run before the router filter");

        var extProc = ExtProc(manager);
        Assert.True(extProc.AllowModeOverride);
        Assert.Equal(ProcessingMode.Types.HeaderSendMode.Send, extProc.ProcessingMode.RequestHeaderMode);
        Assert.Equal(ProcessingMode.Types.BodySendMode.Buffered, extProc.ProcessingMode.RequestBodyMode);
        Assert.Equal(ProcessingMode.Types.HeaderSendMode.Send, extProc.ProcessingMode.ResponseHeaderMode);
        Assert.Equal(ProcessingMode.Types.BodySendMode.Buffered, extProc.ProcessingMode.ResponseBodyMode);
        Assert.Equal(ProcessingMode.Types.HeaderSendMode.Skip, extProc.ProcessingMode.RequestTrailerMode);
        Assert.Equal(ProcessingMode.Types.HeaderSendMode.Skip, extProc.ProcessingMode.ResponseTrailerMode);
        Assert.False(extProc.FailureModeAllow, "the documented choice is fail closed");
        Assert.True(extProc.MessageTimeout.ToTimeSpan() >= TimeSpan.FromSeconds(1), "200 ms default is too short for classification");
        Assert.True(extProc.MaxMessageTimeout.ToTimeSpan() >= extProc.MessageTimeout.ToTimeSpan());
        Assert.Contains(MetadataNamespaces.Router, extProc.MetadataOptions.ReceivingNamespaces.Untyped);

        var sidecar = Cluster(bootstrap, extProc.GrpcService.EnvoyGrpc.ClusterName);
        var protocol = ProtocolOptions(sidecar);
        Assert.NotNull(protocol.ExplicitHttpConfig?.Http2ProtocolOptions);
    }

    [Theory]
    [MemberData(nameof(RouterFileNames))]
    public void FailureModeAllowIsWrittenOutRatherThanLeftToTheDefault(string file)
    {
        // Proto3 cannot tell "false" from "absent", so the written choice is checked in the JSON tree.
        var json = EnvoyConfigLoader.ToJson(ReadEnvoyFile(file));
        var filterConfigs = Descendants(json).OfType<JsonObject>()
            .Where(node => (string?)node["@type"] == "type.googleapis.com/" + ExternalProcessor.Descriptor.FullName)
            .ToList();
        Assert.NotEmpty(filterConfigs);
        Assert.All(filterConfigs, filterConfig => Assert.True(filterConfig.ContainsKey("failure_mode_allow")));
    }

    [Theory]
    [MemberData(nameof(RouterFileNames))]
    public void ProviderRoutesMatchTheUpstreamHeaderSetByTheSidecar(string file)
    {
        var bootstrap = Load(file);
        var headerRoutes = Routes(bootstrap)
            .Where(route => route.Match.Headers.Any(header => header.Name == HeaderNames.UpstreamCluster))
            .ToList();
        Assert.NotEmpty(headerRoutes);

        foreach (var route in headerRoutes)
        {
            var matcher = Assert.Single(route.Match.Headers);
            Assert.Equal(matcher.StringMatch.Exact, route.Route_.Cluster);
            Assert.True(route.Route_.AutoHostRewrite == true, $"{route.Name}: auto_host_rewrite");
            Assert.True(route.Route_.Timeout.ToTimeSpan() >= TimeSpan.FromMinutes(5), $"{route.Name}: streaming needs a long timeout");
            Assert.True(route.Route_.IdleTimeout.ToTimeSpan() > TimeSpan.Zero, $"{route.Name}: idle timeout");
            Assert.Equal(1u, route.Route_.RetryPolicy.NumRetries);
            Assert.Equal(["5xx", "reset", "connect-failure"], route.Route_.RetryPolicy.RetryOn.Split(','));
            // ext_proc must stay on these routes: they are re-selected after the body, and the response path needs it.
            Assert.DoesNotContain(ExtProcFilterName, route.TypedPerFilterConfig.Keys);

            var cluster = Cluster(bootstrap, route.Route_.Cluster);
            if (cluster.Name == "simulated")
                continue;
            Assert.True(cluster.Type is global::Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.LogicalDns
                or global::Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.StrictDns, $"{cluster.Name}: DNS discovery");
            Assert.Equal("envoy.transport_sockets.tls", cluster.TransportSocket.Name);
            var tls = cluster.TransportSocket.TypedConfig.Unpack<UpstreamTlsContext>();
            var host = cluster.LoadAssignment.Endpoints.Single().LbEndpoints.Single().Endpoint.Address.SocketAddress.Address;
            Assert.Equal(host, tls.Sni);
            Assert.Contains(tls.CommonTlsContext.ValidationContext.MatchTypedSubjectAltNames, san => san.Matcher.Exact == host);
        }
    }

    [Theory]
    [MemberData(nameof(FullRouterFileNames))]
    public void EveryProviderHasARouteAndUnmatchedRequestsGetA404(string file)
    {
        var bootstrap = Load(file);
        var routes = Routes(bootstrap).ToList();

        foreach (var provider in ProviderClusters)
            Assert.Contains(routes, route => route.Route_?.Cluster == provider
                && route.Match.Headers.Single().Name == HeaderNames.UpstreamCluster);
        var simulated = Cluster(bootstrap, "simulated").LoadAssignment.Endpoints.Single().LbEndpoints.Single().Endpoint.Address.SocketAddress;
        Assert.Equal(("127.0.0.1", 8081u), (simulated.Address, simulated.PortValue));

        var last = routes[^1];
        Assert.Equal("/", last.Match.Prefix);
        Assert.Empty(last.Match.Headers);
        Assert.Equal(404u, last.DirectResponse.Status);
        Assert.Contains("\"error\"", last.DirectResponse.Body.InlineString);
    }

    [Theory]
    [MemberData(nameof(FullRouterFileNames))]
    public void HealthRouteBypassesTheSidecar(string file)
    {
        var bootstrap = Load(file);
        var healthz = Assert.Single(Routes(bootstrap), route => route.Match.Path == "/healthz");

        var perRoute = healthz.TypedPerFilterConfig[ExtProcFilterName].Unpack<ExtProcPerRoute>();
        Assert.True(perRoute.Disabled);
    }

    [Theory]
    [MemberData(nameof(RouterFileNames))]
    public void ClientCannotPresetTheRoutingHeader(string file)
    {
        var manager = HttpConnectionManagers(Load(file)).First();

        var mutation = Assert.Single(manager.EarlyHeaderMutationExtensions).TypedConfig.Unpack<EarlyHeaderMutation>();
        Assert.Contains(mutation.Mutations, m => m.Remove == HeaderNames.UpstreamCluster);
        Assert.All(manager.RouteConfig.VirtualHosts.Where(host => host.Routes.Any(r => r.Match.Headers.Count > 0)),
            host => Assert.Contains(HeaderNames.UpstreamCluster, host.RequestHeadersToRemove));
    }

    [Fact]
    public void TcpVariantDiffersOnlyInHowEnvoyReachesTheSidecar()
    {
        var uds = Load("envoy.yaml");
        var tcp = Load("envoy-tcp.yaml");
        var sidecarName = ExtProc(HttpConnectionManagers(uds).Single()).GrpcService.EnvoyGrpc.ClusterName;

        var tcpAddress = Cluster(tcp, sidecarName).LoadAssignment.Endpoints.Single().LbEndpoints.Single().Endpoint.Address;
        Assert.Equal(("127.0.0.1", 50051u), (tcpAddress.SocketAddress.Address, tcpAddress.SocketAddress.PortValue));
        var udsAddress = Cluster(uds, sidecarName).LoadAssignment.Endpoints.Single().LbEndpoints.Single().Endpoint.Address;
        Assert.Equal("/var/run/extproc-router/extproc.sock", udsAddress.Pipe.Path);

        Cluster(tcp, sidecarName).LoadAssignment = Cluster(uds, sidecarName).LoadAssignment.Clone();
        Assert.Equal(uds, tcp);
    }

    [Fact]
    public void TlsVariantServesTheSameRoutesOnBothListeners()
    {
        var plain = Load("envoy.yaml");
        var tls = Load("envoy-tls.yaml");

        Assert.Equal(plain.StaticResources.Clusters, tls.StaticResources.Clusters);
        var plainManager = HttpConnectionManagers(plain).Single();
        Assert.All(HttpConnectionManagers(tls), manager => Assert.Equal(plainManager, manager));

        var secure = Assert.Single(tls.StaticResources.Listeners, listener => listener.Address.SocketAddress.PortValue == 8443);
        var socket = secure.FilterChains.Single().TransportSocket;
        var context = socket.TypedConfig.Unpack<DownstreamTlsContext>();
        var certificate = Assert.Single(context.CommonTlsContext.TlsCertificates);
        Assert.False(string.IsNullOrEmpty(certificate.CertificateChain.Filename));
        Assert.False(string.IsNullOrEmpty(certificate.PrivateKey.Filename));
    }

    [Fact]
    public void DropInBlocksInTheExistingGatewayGuideAreValidAndAppearInTheFinishedFile()
    {
        var guide = ReadEnvoyFile("existing-gateway/README.md");
        var finished = EnvoyConfigLoader.EnumerateMessages(Load("existing-gateway/envoy-with-router.yaml")).ToList();
        var blocks = AnnotatedYamlBlock().Matches(guide);
        Assert.True(blocks.Count >= 4, "the guide shows the filter, the cluster, the routes and the header strip");
        Assert.Equal(Regex.Matches(guide, "```yaml").Count, blocks.Count); // every block is annotated, so every block is checked

        foreach (Match block in blocks)
        {
            var descriptor = EnvoyConfigLoader.Registry.Find(block.Groups["type"].Value)
                ?? throw new Xunit.Sdk.XunitException($"unknown proto type {block.Groups["type"].Value}");
            var json = EnvoyConfigLoader.ToJson(block.Groups["yaml"].Value);
            var items = json is JsonArray array ? array.Select(item => item!) : [json];
            foreach (var item in items)
            {
                var message = EnvoyConfigLoader.Parse(descriptor, item);
                Assert.True(finished.Any(candidate => candidate.Equals(message)),
                    $"block item {item.ToJsonString()} is not in envoy-with-router.yaml");
            }
        }
    }

    [Fact]
    public void UnknownFieldFailsTheParse()
    {
        var yaml = ReadEnvoyFile("envoy.yaml");
        Assert.Contains("allow_mode_override: true", yaml);
        var misspelt = yaml.Replace("allow_mode_override: true", "allow_mode_overide: true");

        Assert.Throws<InvalidProtocolBufferException>(() => EnvoyConfigLoader.ParseBootstrap(misspelt));
    }

    [Fact]
    public void UnknownTypedConfigTypeFailsTheParse()
    {
        var yaml = ReadEnvoyFile("envoy.yaml");
        const string knownType = "type.googleapis.com/envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor";
        Assert.Contains(knownType, yaml);
        var unknown = yaml.Replace(knownType, "type.googleapis.com/envoy.extensions.filters.http.ext_proc.v4.ExternalProcessor");

        Assert.ThrowsAny<Exception>(() => EnvoyConfigLoader.ParseBootstrap(unknown));
    }

    [Fact]
    public void UnknownEnumValueFailsTheParse()
    {
        var yaml = ReadEnvoyFile("envoy.yaml");
        var fullDuplex = yaml.Replace("request_body_mode: BUFFERED", "request_body_mode: FULL_DUPLEX_STREAMED");
        Assert.NotEqual(yaml, fullDuplex);

        Assert.Throws<InvalidProtocolBufferException>(() => EnvoyConfigLoader.ParseBootstrap(fullDuplex));
    }

    private static Bootstrap Load(string file) => EnvoyConfigLoader.ParseBootstrap(ReadEnvoyFile(file));

    private static string ReadEnvoyFile(string file) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "envoy", file));

    private static string RelativeToEnvoy(string path) =>
        Path.GetRelativePath(Path.Combine(RepositoryPaths.Root, "envoy"), path).Replace('\\', '/');

    private static IEnumerable<HttpConnectionManager> HttpConnectionManagers(Bootstrap bootstrap) =>
        bootstrap.StaticResources.Listeners
            .SelectMany(listener => listener.FilterChains)
            .SelectMany(chain => chain.Filters)
            .Where(filter => filter.TypedConfig?.Is(HttpConnectionManager.Descriptor) == true)
            .Select(filter => filter.TypedConfig.Unpack<HttpConnectionManager>());

    private static IEnumerable<Route> Routes(Bootstrap bootstrap) =>
        HttpConnectionManagers(bootstrap).Take(1)
            .SelectMany(manager => manager.RouteConfig.VirtualHosts)
            .SelectMany(host => host.Routes);

    private static ExternalProcessor ExtProc(HttpConnectionManager manager) =>
        Assert.Single(manager.HttpFilters, filter => filter.Name == ExtProcFilterName).TypedConfig.Unpack<ExternalProcessor>();

    private static Cluster Cluster(Bootstrap bootstrap, string name) =>
        Assert.Single(bootstrap.StaticResources.Clusters, cluster => cluster.Name == name);

    private static HttpProtocolOptions ProtocolOptions(Cluster cluster) =>
        cluster.TypedExtensionProtocolOptions["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"].Unpack<HttpProtocolOptions>();

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(property => property.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
            foreach (var descendant in Descendants(child))
                yield return descendant;
    }

    /// <summary>A fenced YAML block in a guide, preceded by <c>&lt;!-- proto: full.type.Name --&gt;</c>.</summary>
    [GeneratedRegex(@"<!--\s*proto:\s*(?<type>[\w.]+)\s*-->\s*```yaml\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex AnnotatedYamlBlock();
}
