using ExtProcRouter.Configuration;
using ExtProcRouter.Standalone;
using Microsoft.Extensions.DependencyInjection;

namespace ExtProcRouter.Tests.EndToEnd;

/// <summary>How <see cref="RouterStack"/> wires the stack; the defaults are the plain request path over loopback TCP.</summary>
internal sealed record RouterStackOptions
{
    /// <summary>
    /// The sidecar's configuration; by default the simulated, Anthropic and Gemini test providers. Its server section
    /// is replaced: the stack decides where the sidecar listens, always on ephemeral ports.
    /// </summary>
    public RouterConfig? Config { get; init; }

    /// <summary>Where the anthropic and gemini clusters point (e.g. <see cref="FakeProviders"/>).</summary>
    public string? ProvidersUrl { get; init; }

    /// <summary>The front door reaches the sidecar over a Unix socket instead of loopback TCP.</summary>
    public bool UnixSocket { get; init; }

    /// <summary>
    /// Over the Unix socket, the sidecar is told the front door's address (<c>server.front_door_url</c>, the console's
    /// Send); false leaves it unset, as a deployment that does not configure it.
    /// </summary>
    public bool TellSidecarTheFrontDoor { get; init; } = true;

    /// <summary>Opens the admin port (health, metrics, the console); needs <see cref="UnixSocket"/>.</summary>
    public bool AdminPort { get; init; }

    /// <summary>Serves the control plane on the admin port behind this token (opens the admin port too).</summary>
    public string? AdminToken { get; init; }

    /// <summary>Writes the decision log to <see cref="RouterStack.DecisionLogPath"/>.</summary>
    public bool DecisionLog { get; init; }

    /// <summary>Adds or repoints front door clusters, e.g. a judge.</summary>
    public Action<GatewayOptions>? ConfigureGateway { get; init; }

    /// <summary>Replaces sidecar services, e.g. a classifier built from a test fixture.</summary>
    public Action<IServiceCollection>? OverrideServices { get; init; }
}
