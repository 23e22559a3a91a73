using System.CommandLine;
using FaceAlign3D.OnnxRuntime;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Cli;

/// <summary>`--engine managed|onnxruntime` and `--device cpu|cuda`: which engine runs the networks of a command.</summary>
internal sealed class EngineOptions
{
    private readonly Option<string> _engine = new("--engine")
    {
        Description = "network engine: managed (built in) | onnxruntime (ONNX models; TFLite models stay managed)",
        DefaultValueFactory = _ => "managed",
    };

    private readonly Option<string> _device = new("--device")
    {
        Description = "cpu | cuda (with --engine onnxruntime and a CUDA build of ONNX Runtime, docs/onnxruntime.md)",
        DefaultValueFactory = _ => "cpu",
    };

    public EngineOptions(Command command)
    {
        _engine.AcceptOnlyFromAmong("managed", "onnxruntime");
        _device.AcceptOnlyFromAmong("cpu", "cuda");
        command.Options.Add(_engine);
        command.Options.Add(_device);
        command.Validators.Add(result =>
        {
            if (result.GetValue(_device) == "cuda" && result.GetValue(_engine) != "onnxruntime")
                result.AddError("--device cuda needs --engine onnxruntime");
        });
    }

    /// <summary>The engine the parsed options name.</summary>
    public INetworkEngine Engine(ParseResult parse) => parse.GetValue(_engine) == "onnxruntime"
        ? new OnnxRuntimeEngine(parse.GetValue(_device) == "cuda" ? OnnxRuntimeDevice.Cuda : OnnxRuntimeDevice.Cpu)
        : ManagedNetworkEngine.Instance;
}
