using System.Text.Json.Nodes;
using Envoy.Config.Bootstrap.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using ExtProcRouter.Tests.Support;

namespace ExtProcRouter.Tests.Envoy;

/// <summary>
/// The k8s/ manifests are not applied here (no cluster), so the facts that tie them to envoy/ are checked instead:
/// the socket path, the mounted config and certificate paths, the ports, and every file kustomize reads.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string K8sDirectory = Path.Combine(RepositoryPaths.Root, "k8s");

    [Fact]
    public void EnvoyAndTheSidecarShareTheSocketDirectoryEnvoyConnectsTo()
    {
        var socketPath = Cluster(Envoy("envoy.yaml"), "extproc_router")
            .LoadAssignment.Endpoints.Single().LbEndpoints.Single().Endpoint.Address.Pipe.Path;
        var socketDirectory = Path.GetDirectoryName(socketPath)!.Replace('\\', '/');

        foreach (var container in new[] { EnvoyContainer(), SidecarContainer() })
        {
            var mount = Assert.Single(container["volumeMounts"]!.AsArray(), m => (string?)m!["name"] == "extproc-socket")!;
            Assert.Equal(socketDirectory, (string?)mount["mountPath"]);
        }
        var router = Yaml(Path.Combine(K8sDirectory, "router.yaml"));
        Assert.Equal(socketPath, (string?)router["server"]!["uds_path"]);
    }

    [Fact]
    public void EnvoyReadsTheGeneratedConfigFromItsMountPath()
    {
        var envoy = EnvoyContainer();
        var args = envoy["args"]!.AsArray().Select(a => (string?)a).ToList();
        var configFile = args[args.IndexOf("-c") + 1]!;
        var mount = Assert.Single(envoy["volumeMounts"]!.AsArray(), m => (string?)m!["name"] == "envoy-config")!;
        Assert.Equal((string?)mount["mountPath"] + "/envoy.yaml", configFile);

        var generator = Assert.Single(Kustomization()["configMapGenerator"]!.AsArray(), g => (string?)g!["name"] == "envoy-config")!;
        var source = ((string)generator["files"]![0]!).Split('=', 2);
        Assert.Equal("envoy.yaml", source[0].Trim());
        Assert.True(File.Exists(Path.Combine(K8sDirectory, source[1].Split('#')[0].Trim())));
    }

    [Fact]
    public void TlsSecretIsMountedWhereEnvoyTlsYamlReadsTheCertificate()
    {
        var listener = Assert.Single(Envoy("envoy-tls.yaml").StaticResources.Listeners, l => l.Address.SocketAddress.PortValue == 8443);
        var certificate = listener.FilterChains.Single().TransportSocket.TypedConfig.Unpack<DownstreamTlsContext>()
            .CommonTlsContext.TlsCertificates.Single();

        var mount = Assert.Single(EnvoyContainer()["volumeMounts"]!.AsArray(), m => (string?)m!["name"] == "envoy-tls")!;
        Assert.Equal((string?)mount["mountPath"] + "/tls.crt", certificate.CertificateChain.Filename);
        Assert.Equal((string?)mount["mountPath"] + "/tls.key", certificate.PrivateKey.Filename);
    }

    [Fact]
    public void ContainerPortsMatchTheListenersAndTheServiceTargets()
    {
        var ports = EnvoyContainer()["ports"]!.AsArray()
            .ToDictionary(p => (string)p!["name"]!, p => (long)p!["containerPort"]!);
        Assert.Equal(8080L, ports["http"]);
        Assert.Equal(8443L, ports["https"]);
        Assert.Contains((uint)ports["http"], Envoy("envoy.yaml").StaticResources.Listeners.Select(l => l.Address.SocketAddress.PortValue));

        var service = Yaml(Path.Combine(K8sDirectory, "service.yaml"));
        foreach (var port in service["spec"]!["ports"]!.AsArray())
            Assert.Contains((string)port!["targetPort"]!, ports.Keys);
    }

    [Fact]
    public void EveryFileKustomizeReadsExists()
    {
        var kustomization = Kustomization();
        var files = kustomization["resources"]!.AsArray().Select(r => (string)r!)
            .Concat(kustomization["configMapGenerator"]!.AsArray()
                .SelectMany(g => g!["files"]!.AsArray())
                .Select(f => ((string)f!).Split('=')[^1]));

        Assert.All(files, file => Assert.True(File.Exists(Path.Combine(K8sDirectory, file)), file));
    }

    [Fact]
    public void SidecarStartsBeforeEnvoyAndKeysComeOnlyFromASecret()
    {
        var sidecar = SidecarContainer();
        Assert.Equal("Always", (string?)sidecar["restartPolicy"]);
        Assert.NotNull(sidecar["startupProbe"]);
        Assert.All(sidecar["env"]!.AsArray().Where(e => ((string)e!["name"]!).EndsWith("_API_KEY", StringComparison.Ordinal)),
            key => Assert.NotNull(key!["valueFrom"]!["secretKeyRef"]));
    }

    private static JsonNode PodSpec() => Yaml(Path.Combine(K8sDirectory, "deployment.yaml"))["spec"]!["template"]!["spec"]!;

    private static JsonNode EnvoyContainer() => Assert.Single(PodSpec()["containers"]!.AsArray(), c => (string?)c!["name"] == "envoy")!;

    private static JsonNode SidecarContainer() => Assert.Single(PodSpec()["initContainers"]!.AsArray(), c => (string?)c!["name"] == "extproc-router")!;

    private static JsonNode Kustomization() => Yaml(Path.Combine(K8sDirectory, "kustomization.yaml"));

    private static JsonNode Yaml(string path) => EnvoyConfigLoader.ToJson(File.ReadAllText(path));

    private static Bootstrap Envoy(string file) =>
        EnvoyConfigLoader.ParseBootstrap(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "envoy", file)));

    private static global::Envoy.Config.Cluster.V3.Cluster Cluster(Bootstrap bootstrap, string name) =>
        Assert.Single(bootstrap.StaticResources.Clusters, cluster => cluster.Name == name);
}
