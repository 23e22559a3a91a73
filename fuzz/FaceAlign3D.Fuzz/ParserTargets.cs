using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Export;
using FaceAlign3D.Formats;
using FaceAlign3D.Imaging.Codecs.Bmp;
using FaceAlign3D.Imaging.Codecs.Jpeg;
using FaceAlign3D.Imaging.Codecs.Png;
using FaceAlign3D.Imaging.Codecs.Pnm;
using FaceAlign3D.Imaging;
using FaceAlign3D.Neural.Formats.Onnx;
using FaceAlign3D.Neural.Formats.TfLite;
using FaceAlign3D.Neural;
using FaceAlign3D.Pipeline;
using System.Text;

namespace FaceAlign3D.Fuzz;

/// <summary>One parser under fuzzing: feeds it bytes; <paramref name="Rejection"/> is the typed error its contract allows.</summary>
public sealed record ParserTarget(string Name, Type Rejection, Action<byte[]> Parse)
{
    /// <summary>Parses <paramref name="data"/>; returns the typed rejection (a pass) or null, and lets anything else escape as a finding.</summary>
    public Exception? Run(byte[] data)
    {
        try
        {
            Parse(data);
            return null;
        }
        catch (Exception e) when (Rejection.IsInstanceOfType(e))
        {
            return e;
        }
    }
}

/// <summary>Every parser of untrusted files, by the name the fuzz script and the regression folders use.</summary>
public static class ParserTargets
{
    public static IReadOnlyList<ParserTarget> All { get; } =
    [
        new("png", typeof(ImageFormatException), data => Decode(PngDecoder.Decode, PngChunkCrcs.Restamp(data), "fuzz.png")),
        new("jpeg", typeof(ImageFormatException), data => Decode(JpegDecoder.Decode, data, "fuzz.jpg")),
        new("bmp", typeof(ImageFormatException), data => Decode(BmpDecoder.Decode, data, "fuzz.bmp")),
        new("pnm", typeof(ImageFormatException), data => Decode(PnmDecoder.Decode, data, "fuzz.ppm")),
        new("onnx", typeof(ModelFormatException), data => OnnxModelReader.Read(data, "fuzz.onnx")),
        new("tflite", typeof(ModelFormatException), data => TfLiteModelReader.Read(data, "fuzz.tflite")),
        new("safetensors", typeof(ModelFormatException), ReadSafetensors),
        new("npy", typeof(ModelFormatException), data => NpyReader.ReadFloat(data, "fuzz.npy")),
        new("pickle", typeof(ModelFormatException), ReadPickle),
        new("aflw-json", typeof(EvaluationDataException), data => ThroughFile(data, "annotations.json", path => Aflw2000Dataset.Load(path))),
        new("pts", typeof(EvaluationDataException), data => IbugPts.Parse(Encoding.UTF8.GetString(data), "fuzz.pts")),
        new("coco", typeof(EvaluationDataException), data => ThroughFile(data, "coco.json", path => CocoKeypoints.Load(path))),
        new("predictions", typeof(EvaluationDataException), data => ThroughFile(data, "align.json", path => PredictionSet.Load(path))),
        new("align-json", typeof(InvalidDataException), data => ThroughFile(data, "align.json", FitInputs.ReadAlignJson)),
        new("views-json", typeof(InvalidDataException), data => ThroughFile(data, "views.json", FitInputs.ReadViews)),
    ];

    public static ParserTarget Find(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown fuzz target '{name}' (known: {string.Join(", ", All.Select(t => t.Name))})");

    private delegate Image SpanDecoder(ReadOnlySpan<byte> data, string? fileName, DecodeOptions options);

    // A 16-megapixel cap (the default allows 200) keeps each run fast; the size check itself is the same code.
    private static void Decode(SpanDecoder decode, byte[] data, string name) => decode(data, name, new DecodeOptions { MaxPixels = 1 << 24 });

    // Consumers read every tensor after opening the file, so the fuzzer does too.
    private static void ReadSafetensors(byte[] data)
    {
        var file = SafetensorsFile.Parse(data, "fuzz.safetensors");
        foreach (var name in file.Names.ToList())
            file.ReadFloat(name);
    }

    private static void ReadPickle(byte[] data)
    {
        foreach (var array in PickleNumpyReader.Read(data, "fuzz.pkl").Values)
            array.ToFloat();
    }

    // The JSON readers take paths (they resolve sibling files), so the input goes through a per-process scratch folder.
    private static void ThroughFile<T>(byte[] data, string fileName, Func<string, T> read)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"facealign-fuzz-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, fileName);
        try
        {
            File.WriteAllBytes(path, data);
            read(path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
