using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>
/// The loaded ONNX Runtime library and its process environment (OrtEnv); creates inference sessions. Create one per
/// process (ONNX Runtime shares a single environment internally anyway) and dispose it after its sessions.
/// </summary>
public sealed unsafe class OnnxRuntimeEnvironment : IInferenceSessionFactory, IDisposable
{
    private readonly OrtApi _api;
    private readonly OrtHandle _env;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, bool> _reportedFallbacks = new(StringComparer.Ordinal);

    /// <param name="libraryPath">Explicit path of libonnxruntime.so.1; null searches as <see cref="OrtLibraryLocator"/> describes.</param>
    /// <param name="logLevel">Minimum severity of ONNX Runtime's own messages (it writes them to stderr).</param>
    public OnnxRuntimeEnvironment(string? libraryPath = null, OnnxLogLevel logLevel = OnnxLogLevel.Error, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        LibraryPath = OrtLibraryLocator.Locate(libraryPath);
        nint library;
        try
        {
            library = NativeLibrary.Load(LibraryPath);
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException(
                $"Cannot load ONNX Runtime from '{LibraryPath}' ({e.Message}). Run `make setup`, or set {OrtLibraryLocator.EnvironmentVariable} " +
                "to the path of libonnxruntime.so.1.", e);
        }
        // The library stays loaded for the life of the process: ONNX Runtime keeps global state (thread pools,
        // provider registrations) that does not survive being unloaded.
        var getApiBase = (delegate* unmanaged[Cdecl]<nint>)NativeLibrary.GetExport(library, "OrtGetApiBase");
        var apiBase = (nint*)getApiBase();
        var getApi = (delegate* unmanaged[Cdecl]<uint, nint>)apiBase[0];
        var getVersionString = (delegate* unmanaged[Cdecl]<byte*>)apiBase[1];
        Version = Marshal.PtrToStringUTF8((nint)getVersionString()) ?? "unknown";
        var table = getApi(OrtApi.RequestedVersion);
        if (table == 0)
            throw new InvalidOperationException($"ONNX Runtime {Version} at '{LibraryPath}' does not serve C API version {OrtApi.RequestedVersion}.");
        _api = new OrtApi(table);

        nint env;
        fixed (byte* logId = "extproc-router\0"u8)
            _api.Check(_api.CreateEnv((int)logLevel, logId, &env), "CreateEnv");
        _env = new OrtHandle(env, _api.ReleaseEnv);
    }

    /// <summary>The library that was loaded (a full path, or the bare file name when the system loader resolved it).</summary>
    public string LibraryPath { get; }

    /// <summary>ONNX Runtime's version string, e.g. "1.30.0".</summary>
    public string Version { get; }

    internal OrtApi Api => _api;

    /// <summary>Creates a session from a model file.</summary>
    public IInferenceSession CreateSession(string modelPath, OnnxSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"ONNX model '{modelPath}' does not exist.", modelPath);
        return OrtInferenceSession.Create(this, options ?? new OnnxSessionOptions(), modelPath, ReadOnlySpan<byte>.Empty);
    }

    /// <summary>Creates a session from the bytes of a serialized model.</summary>
    public IInferenceSession CreateSession(ReadOnlySpan<byte> model, OnnxSessionOptions? options = null)
    {
        if (model.IsEmpty) throw new ArgumentException("The model is empty.", nameof(model));
        return OrtInferenceSession.Create(this, options ?? new OnnxSessionOptions(), null, model);
    }

    /// <summary>
    /// Logs a provider fallback once per environment: the encoder and the routing head hit the same missing library,
    /// and one clear line says it.
    /// </summary>
    internal void ReportFallback(string unavailable, string providers)
    {
        if (_reportedFallbacks.TryAdd(unavailable, true))
            _logger.LogWarning("ONNX Runtime: execution provider {Unavailable} unavailable, falling back to {Providers}", unavailable, providers);
    }

    /// <summary>The environment handle; sessions hold a reference so that it outlives them.</summary>
    internal OrtHandle EnvHandle => _env;

    public void Dispose() => _env.Dispose();
}
