using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ExtProcRouter.IntentModel.Onnx;

/// <summary><see cref="IInferenceSession"/> over the ONNX Runtime C API.</summary>
internal sealed unsafe partial class OrtInferenceSession : IInferenceSession
{
    // Stack space for input/output pointer arrays; models here have a handful of each.
    private const int StackLimit = 16;

    private readonly OrtApi _api;
    private readonly OrtHandle _env;
    private readonly OrtHandle _session;
    private readonly OrtHandle _cpuMemory;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly byte[][] _inputNamesUtf8;
    private readonly byte[][] _outputNamesUtf8;
    private int _disposed;

    private OrtInferenceSession(OrtApi api, OrtHandle env, OrtHandle session, IReadOnlyList<string> providers)
    {
        _api = api;
        _env = env;
        _session = session;
        ExecutionProviders = providers;
        _inputNames = ReadNames(isInput: true);
        _outputNames = ReadNames(isInput: false);
        _inputNamesUtf8 = ToPinnedUtf8(_inputNames);
        _outputNamesUtf8 = ToPinnedUtf8(_outputNames);
        nint memoryInfo;
        // Arena allocator + default memory type: plain CPU memory, which is what pinned managed buffers are.
        _api.Check(_api.CreateCpuMemoryInfo(1, 0, &memoryInfo), "CreateCpuMemoryInfo");
        _cpuMemory = new OrtHandle(memoryInfo, _api.ReleaseMemoryInfo);
    }

    public IReadOnlyList<string> InputNames => _inputNames;

    public IReadOnlyList<string> OutputNames => _outputNames;

    public IReadOnlyList<string> ExecutionProviders { get; }

    /// <summary>True once the native session and memory info have been released.</summary>
    internal bool IsReleased => _session.IsClosed && _cpuMemory.IsClosed;

    internal static OrtInferenceSession Create(
        OnnxRuntimeEnvironment environment, OnnxSessionOptions options, string? modelPath, ReadOnlySpan<byte> model)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid ONNX session options: " + string.Join(" ", errors), nameof(options));

        var api = environment.Api;
        var env = environment.EnvHandle;
        var envAdded = false;
        env.DangerousAddRef(ref envAdded);
        try
        {
            var unavailable = new List<string>();
            var providers = new List<string>();
            nint session;
            using (var sessionOptions = CreateSessionOptions(api, options))
            {
                foreach (var provider in options.ExecutionProviders)
                {
                    // CPU runs every operator, so providers listed after it could never be chosen.
                    if (provider.Name == ExecutionProviderOptions.Cpu) break;
                    var failure = TryAppendProvider(api, sessionOptions.DangerousGetHandle(), provider);
                    if (failure is null) providers.Add(provider.Name);
                    else unavailable.Add($"{provider.Name} ({Shorten(failure)})");
                }
                session = TryCreate(api, env.DangerousGetHandle(), sessionOptions.DangerousGetHandle(), modelPath, model, out var creationError);
                if (session == 0 && providers.Count > 0)
                {
                    // A provider library can load and still fail when the session initialises it (no device, driver).
                    unavailable.Add($"{string.Join("+", providers)} (session creation: {Shorten(creationError!.RuntimeMessage)})");
                    providers.Clear();
                    using var cpuOnly = CreateSessionOptions(api, options);
                    session = TryCreate(api, env.DangerousGetHandle(), cpuOnly.DangerousGetHandle(), modelPath, model, out creationError);
                }
                if (session == 0) throw creationError!;
            }
            providers.Add(ExecutionProviderOptions.Cpu);
            if (unavailable.Count > 0) environment.ReportFallback(string.Join("; ", unavailable), string.Join(", ", providers));
            var handle = new OrtHandle(session, api.ReleaseSession);
            try
            {
                return new OrtInferenceSession(api, env, handle, providers);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }
        catch
        {
            if (envAdded) env.DangerousRelease();
            throw;
        }
    }

    /// <summary>
    /// ONNX Runtime prefixes provider errors with its source location and error code, and ends them with a newline;
    /// the log line keeps only the reason (e.g. "Failed to load library ... cannot open shared object file").
    /// </summary>
    internal static string Shorten(string runtimeMessage)
    {
        var reason = RuntimeErrorPrefix().Replace(runtimeMessage, "");
        return string.Join(' ', reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [GeneratedRegex(@"^.*?\[ONNXRuntimeError\] : \d+ : \w+ : ", RegexOptions.Singleline)]
    private static partial Regex RuntimeErrorPrefix();

    private static OrtHandle CreateSessionOptions(OrtApi api, OnnxSessionOptions options)
    {
        nint raw;
        api.Check(api.CreateSessionOptions(&raw), "CreateSessionOptions");
        var handle = new OrtHandle(raw, api.ReleaseSessionOptions);
        try
        {
            api.Check(api.SetIntraOpNumThreads(raw, options.IntraOpThreads), "SetIntraOpNumThreads");
            api.Check(api.SetInterOpNumThreads(raw, options.InterOpThreads), "SetInterOpNumThreads");
            api.Check(api.SetSessionGraphOptimizationLevel(raw, (int)options.GraphOptimization), "SetSessionGraphOptimizationLevel");
            if (options.AllowThreadSpinning is { } spinning)
            {
                fixed (byte* key = "session.intra_op.allow_spinning\0"u8)
                fixed (byte* value = spinning ? "1\0"u8 : "0\0"u8)
                    api.Check(api.AddSessionConfigEntry(raw, key, value), "AddSessionConfigEntry");
            }
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Appends one GPU provider; returns null on success or ONNX Runtime's reason for refusing it.</summary>
    private static string? TryAppendProvider(OrtApi api, nint sessionOptions, ExecutionProviderOptions provider)
    {
        var isTensorRt = provider.Name == ExecutionProviderOptions.TensorRt;
        nint providerOptions;
        var status = isTensorRt ? api.CreateTensorRtProviderOptions(&providerOptions) : api.CreateCudaProviderOptions(&providerOptions);
        if (status != 0) return api.TakeError(status, "Create provider options").RuntimeMessage;
        try
        {
            var pairs = provider.ToProviderOptions();
            var keys = new nint[pairs.Count];
            var values = new nint[pairs.Count];
            try
            {
                for (var i = 0; i < pairs.Count; i++)
                {
                    keys[i] = Marshal.StringToCoTaskMemUTF8(pairs[i].Key);
                    values[i] = Marshal.StringToCoTaskMemUTF8(pairs[i].Value);
                }
                fixed (nint* keyPointers = keys)
                fixed (nint* valuePointers = values)
                {
                    status = isTensorRt
                        ? api.UpdateTensorRtProviderOptions(providerOptions, (byte**)keyPointers, (byte**)valuePointers, (nuint)pairs.Count)
                        : api.UpdateCudaProviderOptions(providerOptions, (byte**)keyPointers, (byte**)valuePointers, (nuint)pairs.Count);
                }
            }
            finally
            {
                foreach (var p in keys) Marshal.FreeCoTaskMem(p);
                foreach (var p in values) Marshal.FreeCoTaskMem(p);
            }
            if (status != 0) return api.TakeError(status, "Update provider options").RuntimeMessage;
            status = isTensorRt
                ? api.SessionOptionsAppendExecutionProviderTensorRtV2(sessionOptions, providerOptions)
                : api.SessionOptionsAppendExecutionProviderCudaV2(sessionOptions, providerOptions);
            return status == 0 ? null : api.TakeError(status, "Append execution provider").RuntimeMessage;
        }
        finally
        {
            if (isTensorRt) api.ReleaseTensorRtProviderOptions(providerOptions);
            else api.ReleaseCudaProviderOptions(providerOptions);
        }
    }

    private static nint TryCreate(OrtApi api, nint env, nint sessionOptions, string? modelPath, ReadOnlySpan<byte> model, out OnnxRuntimeException? error)
    {
        nint session = 0;
        nint status;
        if (modelPath is not null)
        {
            var path = Encoding.UTF8.GetBytes(modelPath + "\0");
            fixed (byte* p = path) status = api.CreateSession(env, p, sessionOptions, &session);
        }
        else
        {
            fixed (byte* p = model) status = api.CreateSessionFromArray(env, p, (nuint)model.Length, sessionOptions, &session);
        }
        error = status == 0 ? null : api.TakeError(status, "CreateSession");
        return status == 0 ? session : 0;
    }

    private string[] ReadNames(bool isInput)
    {
        var session = _session.DangerousGetHandle();
        nuint count;
        _api.Check(isInput ? _api.SessionGetInputCount(session, &count) : _api.SessionGetOutputCount(session, &count),
            isInput ? "SessionGetInputCount" : "SessionGetOutputCount");
        nint allocator;
        _api.Check(_api.GetAllocatorWithDefaultOptions(&allocator), "GetAllocatorWithDefaultOptions");
        var names = new string[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* name;
            _api.Check(isInput ? _api.SessionGetInputName(session, i, allocator, &name) : _api.SessionGetOutputName(session, i, allocator, &name),
                isInput ? "SessionGetInputName" : "SessionGetOutputName");
            try
            {
                names[(int)i] = Marshal.PtrToStringUTF8((nint)name) ?? string.Empty;
            }
            finally
            {
                _api.Check(_api.AllocatorFree(allocator, name), "AllocatorFree");
            }
        }
        return names;
    }

    /// <summary>
    /// Null-terminated UTF-8 copies of the names in pinned arrays: their addresses never change, and the GC frees them
    /// only when the session object is gone, so a Dispose racing a Run cannot pull them from under it.
    /// </summary>
    private static byte[][] ToPinnedUtf8(string[] names)
    {
        var result = new byte[names.Length][];
        for (var i = 0; i < names.Length; i++)
        {
            var bytes = GC.AllocateUninitializedArray<byte>(Encoding.UTF8.GetByteCount(names[i]) + 1, pinned: true);
            bytes[Encoding.UTF8.GetBytes(names[i], bytes)] = 0;
            result[i] = bytes;
        }
        return result;
    }

    private static nint AddressOf(byte[] pinned) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));

    public InferenceResults Run(ReadOnlySpan<InferenceInput> inputs, ReadOnlySpan<string> outputNames, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (outputNames.IsEmpty) throw new ArgumentException("At least one output must be requested.", nameof(outputNames));

        var sessionAdded = false;
        var memoryAdded = false;
        _session.DangerousAddRef(ref sessionAdded);
        _cpuMemory.DangerousAddRef(ref memoryAdded);
        var pins = new MemoryHandle[inputs.Length];
        Span<nint> inputValues = inputs.Length <= StackLimit ? stackalloc nint[inputs.Length] : new nint[inputs.Length];
        Span<nint> inputNamePointers = inputs.Length <= StackLimit ? stackalloc nint[inputs.Length] : new nint[inputs.Length];
        Span<nint> outputNamePointers = outputNames.Length <= StackLimit ? stackalloc nint[outputNames.Length] : new nint[outputNames.Length];
        inputValues.Clear();
        var outputValues = new nint[outputNames.Length];
        var resultNames = outputNames.ToArray();
        nint runOptions = 0;
        try
        {
            for (var i = 0; i < outputNames.Length; i++)
                outputNamePointers[i] = AddressOf(_outputNamesUtf8[IndexOfName(_outputNames, outputNames[i], "output")]);
            var cpuMemory = _cpuMemory.DangerousGetHandle();
            for (var i = 0; i < inputs.Length; i++)
            {
                ref readonly var input = ref inputs[i];
                if (input.Shape is null) throw new ArgumentException($"Input {i} is an uninitialised {nameof(InferenceInput)}; create inputs with its factory methods.", nameof(inputs));
                inputNamePointers[i] = AddressOf(_inputNamesUtf8[IndexOfName(_inputNames, input.Name, "input")]);
                pins[i] = input.Pin();
                nint value;
                fixed (long* shape = input.Shape)
                {
                    _api.Check(_api.CreateTensorWithDataAsOrtValue(cpuMemory, pins[i].Pointer, (nuint)input.ByteLength,
                        shape, (nuint)input.Shape.Length, (int)input.ElementType, &value), "CreateTensorWithDataAsOrtValue");
                }
                inputValues[i] = value;
            }

            if (cancellationToken.CanBeCanceled)
                _api.Check(_api.CreateRunOptions(&runOptions), "CreateRunOptions");
            nint status;
            // Cancellation asks ONNX Runtime to stop between operators; the registration is disposed (waiting for a
            // running callback) before the run options are released.
            using (runOptions == 0 ? default : cancellationToken.UnsafeRegister(static state => Terminate((TerminateRequest)state!), new TerminateRequest(_api, runOptions)))
            {
                fixed (nint* inNames = inputNamePointers)
                fixed (nint* inValues = inputValues)
                fixed (nint* outNames = outputNamePointers)
                fixed (nint* outValues = outputValues)
                {
                    status = _api.Run(_session.DangerousGetHandle(), runOptions, inNames, inValues, (nuint)inputs.Length,
                        outNames, (nuint)outputNames.Length, outValues);
                }
            }
            if (status != 0)
            {
                var error = _api.TakeError(status, "Run");
                ReleaseAll(outputValues);
                cancellationToken.ThrowIfCancellationRequested();
                throw error;
            }
            return new OrtInferenceResults(_api, resultNames, outputValues);
        }
        catch
        {
            ReleaseAll(outputValues);
            throw;
        }
        finally
        {
            if (runOptions != 0) _api.ReleaseRunOptions(runOptions);
            foreach (var value in inputValues)
                if (value != 0) _api.ReleaseValue(value);
            foreach (var pin in pins) pin.Dispose();
            if (memoryAdded) _cpuMemory.DangerousRelease();
            if (sessionAdded) _session.DangerousRelease();
        }
    }

    private void ReleaseAll(nint[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] != 0) _api.ReleaseValue(values[i]);
            values[i] = 0;
        }
    }

    private static int IndexOfName(string[] names, string name, string kind)
    {
        var index = Array.IndexOf(names, name);
        return index >= 0
            ? index
            : throw new ArgumentException($"'{name}' is not an {kind} of this model; its {kind}s are: {string.Join(", ", names)}.", nameof(name));
    }

    private sealed record TerminateRequest(OrtApi Api, nint RunOptions);

    private static void Terminate(TerminateRequest request)
    {
        var status = request.Api.RunOptionsSetTerminate(request.RunOptions);
        if (status != 0) request.Api.ReleaseStatus(status);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // SafeHandle reference counts defer the native releases until runs in progress have finished.
        _session.Dispose();
        _cpuMemory.Dispose();
        _env.DangerousRelease();
    }
}
