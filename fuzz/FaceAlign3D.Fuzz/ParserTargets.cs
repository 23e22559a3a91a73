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
        new("aflw-json", typeof(EvaluationDataException), data => Aflw2000Dataset.Load(data, InScratch("annotations.json"))),
        new("pts", typeof(EvaluationDataException), data => IbugPts.Parse(Encoding.UTF8.GetString(data), "fuzz.pts")),
        new("coco", typeof(EvaluationDataException), data => CocoKeypoints.Load(data, "coco.json")),
        new("predictions", typeof(EvaluationDataException), data => PredictionSet.Load(data, "align.json")),
        new("align-json", typeof(InvalidDataException), data => FitInputs.ReadAlignJson(data, "align.json")),
        new("views-json", typeof(InvalidDataException), data => FitInputs.ReadViews(data, InScratch("views.json"))),
    ];

    public static ParserTarget Find(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown fuzz target '{name}' (known: {string.Join(", ", All.Select(t => t.Name))})");

    private delegate Image SpanDecoder(ReadOnlySpan<byte> data, string? fileName, DecodeOptions options);

    // A 1-megapixel cap (the default allows 200) keeps each run fast: a mutated header that asks for the largest
    // image allowed makes the decoders allocate and transform all of it. The size check itself is the same code.
    private static void Decode(SpanDecoder decode, byte[] data, string name) => decode(data, name, new DecodeOptions { MaxPixels = 1 << 20 });

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

    // The readers that resolve sibling files (image roots, align files) are named as if in a folder that does not
    // exist, so a relative name never reaches a real file; the input itself stays in memory, off the file system.
    private static string InScratch(string fileName) => Path.Combine(Path.GetTempPath(), "facealign-fuzz", fileName);
}
