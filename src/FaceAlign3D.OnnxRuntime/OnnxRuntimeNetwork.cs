using FaceAlign3D.Detection;
using Microsoft.ML.OnnxRuntime;

namespace FaceAlign3D.OnnxRuntime;

/// <summary>
/// A single-input ONNX model run by Microsoft's ONNX Runtime, offered as the same <see cref="NetworkFunction"/>
/// our engine's networks are, so detectors and aligners take either. Thread-safe; any input shape the model allows.
/// </summary>
public sealed class OnnxRuntimeNetwork : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly string _source;

    private OnnxRuntimeNetwork(InferenceSession session, string source)
    {
        _session = session;
        _source = source;
        _inputNames = [.. session.InputNames];
        _outputNames = [.. session.OutputNames];
    }

    /// <summary>Loads a model file; every failure is an <see cref="OnnxRuntimeBackendException"/>.</summary>
    public static OnnxRuntimeNetwork Load(string modelPath, OnnxRuntimeOptions? options = null)
    {
        options ??= new OnnxRuntimeOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1);
        string name = Path.GetFileName(modelPath);
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"{modelPath}: model file not found", modelPath);
        InferenceSession? session = null;
        try
        {
            NativeLibraryOverride.EnsureApplied();
            using var sessionOptions = CreateSessionOptions(options, name);
            session = new InferenceSession(modelPath, sessionOptions);
            Validate(session, name);
            return new OnnxRuntimeNetwork(session, name);
        }
        catch (OnnxRuntimeBackendException)
        {
            session?.Dispose();
            throw;
        }
        catch (OnnxRuntimeException e)
        {
            session?.Dispose();
            throw new OnnxRuntimeBackendException($"{name}: ONNX Runtime cannot run this model ({FirstLine(e.Message)}); {OnnxRuntimeBackendException.Advice}", e);
        }
        catch (Exception e) when (NativeLoadFailure(e) is { } native)
        {
            throw new OnnxRuntimeBackendException(
                $"ONNX Runtime's native library could not be loaded ({FirstLine(native.Message)}); {OnnxRuntimeBackendException.Advice}", e);
        }
    }

    /// <summary>The model as the function detectors and aligners call.</summary>
    public NetworkFunction Function => Run;

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }

    private IReadOnlyList<float[]> Run(float[] input, int[] inputShape)
    {
        long[] shape = Array.ConvertAll(inputShape, d => (long)d);
        try
        {
            using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
            using var outputs = _session.Run(_runOptions, _inputNames, [value], _outputNames);
            return outputs.Select(o => o.GetTensorDataAsSpan<float>().ToArray()).ToArray();
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxRuntimeBackendException(
                $"{_source}: ONNX Runtime failed on input [{string.Join(",", inputShape)}] ({FirstLine(e.Message)}); {OnnxRuntimeBackendException.Advice}", e);
        }
    }

    private static SessionOptions CreateSessionOptions(OnnxRuntimeOptions options, string name)
    {
        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.Threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (options.Device == OnnxRuntimeDevice.Cuda)
        {
            try
            {
                sessionOptions.AppendExecutionProvider_CUDA(options.DeviceId);
            }
            // A CPU-only build lacks the CUDA entry point; a CUDA build without a usable GPU reports an error.
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException)
            {
                sessionOptions.Dispose();
                throw new OnnxRuntimeBackendException(
                    $"{name}: this ONNX Runtime build cannot use CUDA device {options.DeviceId} ({FirstLine(e.Message)}); point {NativeLibraryOverride.Variable} at a CUDA build or use --device cpu", e);
            }
        }
        return sessionOptions;
    }

    private static void Validate(InferenceSession session, string name)
    {
        if (session.InputMetadata.Count != 1)
            throw new OnnxRuntimeBackendException($"{name}: expected a single-input model, it has {session.InputMetadata.Count} inputs; {OnnxRuntimeBackendException.Advice}");
        var notFloat = session.InputMetadata.Concat(session.OutputMetadata).FirstOrDefault(m => m.Value.ElementType != typeof(float));
        if (notFloat.Key is not null)
            throw new OnnxRuntimeBackendException($"{name}: tensor '{notFloat.Key}' is {notFloat.Value.ElementType.Name}, only float tensors are supported; {OnnxRuntimeBackendException.Advice}");
    }

    /// <summary>The native-loading failure inside <paramref name="e"/> (P/Invoke errors arrive wrapped in type initialisers).</summary>
    private static Exception? NativeLoadFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
                return e;
        return null;
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
}
