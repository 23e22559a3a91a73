using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs.Jpeg;
using FaceAlign3D.Imaging.Codecs.Png;
using FaceAlign3D.Tests.Imaging.Codecs;
using FaceAlign3D.Tests.Formats;
using FaceAlign3D.Tests.Neural;
using FaceAlign3D.Tests.Neural.TfLite;
using B = FaceAlign3D.Neural.Formats.TfLite.TfLiteBuiltins;

namespace FaceAlign3D.Fuzz;

/// <summary>Small valid files of every fuzzed format, made by our encoders and test builders, to start the fuzzer from.</summary>
public static class SeedCorpus
{
    public static IReadOnlyList<(string Name, byte[] Data)> For(string target) => target switch
    {
        "png" => [("gray.png", PngEncoder.Encode(Gradient(7, 5, PixelFormat.Gray8))), ("rgb.png", PngEncoder.Encode(Gradient(6, 4, PixelFormat.Rgb8))),
                  ("rgba.png", PngEncoder.Encode(Gradient(5, 5, PixelFormat.Rgba8))), ("gray16.png", PngEncoder.Encode(Gradient(4, 3, PixelFormat.Gray16))),
                  ("adam7.png", PngBuilder.Simple(PngBuilder.Ihdr(3, 3, 8, 0, interlace: 1), Adam7Rows()))],
        "jpeg" => [("420.jpg", JpegEncoder.Encode(Gradient(16, 16, PixelFormat.Rgb8), 75)),
                   ("444.jpg", JpegEncoder.Encode(Gradient(9, 7, PixelFormat.Rgb8), 90, JpegChromaSubsampling.Yuv444)),
                   ("gray.jpg", JpegEncoder.Encode(Gradient(8, 8, PixelFormat.Gray8), 50))],
        "bmp" => [("rgb24.bmp", BmpBuilder.Build(3, 2, 24, [[1, 2, 3, 4, 5, 6, 7, 8, 9], [9, 8, 7, 6, 5, 4, 3, 2, 1]])),
                  ("pal8.bmp", BmpBuilder.Build(4, -2, 8, [[0, 1, 1, 0], [1, 0, 0, 1]], paletteBgrx: [0, 0, 0, 0, 255, 128, 0, 0])),
                  ("mask32.bmp", BmpBuilder.Build(1, 1, 32, [[1, 2, 3, 4]], compression: 3, masks: [0xFF0000, 0xFF00, 0xFF, 0xFF000000]))],
        "pnm" => [("p5.pgm", Pnm("P5\n3 2\n255\n", [0, 64, 128, 192, 255, 1])), ("p6.ppm", Pnm("P6\n# rgb\n2 1\n255\n", [1, 2, 3, 4, 5, 6])),
                  ("p5-16.pgm", Pnm("P5 2 1 65535\n", [0x12, 0x34, 0xFF, 0xFE])), ("p3.ppm", Pnm("P3\n1 2\n15\n1 2 3\n15 0 7\n", [])),
                  ("p2.pgm", Pnm("P2 2 2 9\n0 3\n6 9\n", []))],
        "onnx" => [("add.onnx", new OnnxBuilder().Input("x", [1, 2]).Node("Add", ["x", "w"], ["y"]).Output("y").FloatInitializer("w", [1, 2], [1, -1]).Build()),
                   ("conv.onnx", new OnnxBuilder().Input("x", [1, 1, 4, 4]).Node("Conv", ["x", "w"], ["y"], "conv", OnnxBuilder.IntsAttribute("pads", 1, 1, 1, 1))
                       .Node("Relu", ["y"], ["z"]).Output("z").FloatInitializer("w", [1, 1, 3, 3], [.. Enumerable.Range(0, 9).Select(i => i * 0.1f)]).Build())],
        "tflite" => [("add.tflite", TfLiteAdd()), ("mul.tflite", TfLiteMulLogistic())],
        "safetensors" => [("two.safetensors", Safetensors("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F64","shape":[1,1],"data_offsets":[8,16]},"__metadata__":{"format":"pt"}}""", 16))],
        "npy" => [("f4.npy", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 24)),
                  ("f8.npy", Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 16))],
        "pickle" => [("p2.pkl", NumpyPickleBuilder.Dict(2, ("u", "f8", [3, 1], false, NumpyPickleBuilder.Floats(1.5, -2, 1e-3)), ("k", "i4", [2], true, NumpyPickleBuilder.Ints(5, 7)))),
                     ("p4.pkl", NumpyPickleBuilder.Dict(4, ("w", "f8", [2, 2], true, NumpyPickleBuilder.Floats(1, 2).Concat(NumpyPickleBuilder.Floats(3, 4)).ToArray()))),
                     ("py2.pkl", NumpyPickleBuilder.Python2Dict(("w", "f4", [2], false, [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40])))],
        "aflw-json" => [("annotations.json", Json(new { samples = new[] { new { image = "a.jpg", landmarks68_3d = Rows(68, 3), landmarks68_2d_reannotated = Rows(68, 2), pose_radians = new { yaw = 0.1, pitch = -0.2, roll = 0.05 } } } }))],
        "pts" => [("face.pts", Encoding.UTF8.GetBytes(IbugPts.Format(LandmarkSet.FromRows(Rows(68, 2)))))],
        "coco" => [("coco.json", Json(new { images = new[] { new { id = 1, file_name = "a.jpg", width = 64, height = 48 } }, annotations = new[] { new { id = 7, image_id = 1, keypoints = Rows(68, 3).SelectMany(r => new[] { r[0], r[1], 2.0 }), bbox = new[] { 1.0, 2, 30, 40 } } } }))],
        "predictions" or "align-json" => [("align.json", AlignJson())],
        "views-json" => [("views.json", Json(new { views = new object[] { View("left", 0.2), View("right", -0.2) } }))],
        _ => throw new ArgumentException($"no seeds for '{target}'"),
    };

    private static Image Gradient(int width, int height, PixelFormat format)
    {
        var image = new Image(width, height, format);
        for (int i = 0; i < image.Data.Length; i++)
            image.Data[i] = (byte)(i * 37);
        return image;
    }

    // A 3x3 gray image has Adam7 passes 1 (1x1), 4 (1x1), 5 (2x1), 6 (1x2) and 7 (3x1); each row starts with filter byte 0.
    private static byte[] Adam7Rows() => [0, 10, 0, 20, 0, 30, 40, 0, 50, 0, 60, 0, 70, 80, 90];

    private static byte[] Pnm(string header, byte[] body) => [.. Encoding.ASCII.GetBytes(header), .. body];

    private static byte[] Safetensors(string header, int dataLength)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + json.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        return file;
    }

    private static byte[] Npy(string header, int dataLength)
    {
        string padded = header.PadRight((header.Length + 11) / 64 * 64 + 63 - 10) + "\n";
        var file = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)padded.Length, (byte)(padded.Length >> 8) };
        file.AddRange(Encoding.Latin1.GetBytes(padded));
        file.AddRange(Enumerable.Range(0, dataLength).Select(i => (byte)i));
        return [.. file];
    }

    private static byte[] TfLiteAdd()
    {
        var m = new TfLiteModelBuilder();
        int x = m.Input("x", 1, 2, 2, 1);
        int c = m.Constant("c", [1], [0.5f]);
        int y = m.Tensor("y", [1, 2, 2, 1]);
        m.Operator(B.Add, [x, c], [y]);
        int z = m.Tensor("z", [1, 2, 2, 1]);
        m.Operator(B.Relu, [y], [z]);
        m.Output(z);
        return m.Build();
    }

    private static byte[] TfLiteMulLogistic()
    {
        var m = new TfLiteModelBuilder();
        int x = m.Input("x", 1, 1, 1, 3);
        int w = m.Constant("w", [3], [1, -2, 3]);
        int y = m.Tensor("y", [1, 1, 1, 3]);
        m.Operator(B.Mul, [x, w], [y]);
        int z = m.Tensor("z", [1, 1, 1, 3]);
        m.Operator(B.Logistic, [y], [z]);
        m.Output(z);
        return m.Build();
    }

    private static double[][] Rows(int count, int dimension) =>
        [.. Enumerable.Range(0, count).Select(i => Enumerable.Range(0, dimension).Select(d => 20 + i * 1.5 + d * 0.25).ToArray())];

    private static object View(string name, double ty) => new
    {
        name,
        landmarks68 = Rows(68, 2),
        K = new[] { new[] { 500.0, 0, 64 }, [0, 500, 48], [0, 0, 1] },
        R = new[] { new[] { 1.0, 0, 0 }, [0, 1, 0], [0, 0, 1] },
        t = new[] { 0.0, ty, 1 },
    };

    private static byte[] AlignJson() => Json(new
    {
        image = "a.jpg",
        width = 128,
        height = 96,
        faces = new[] { new { box = new[] { 10.0, 12, 90, 80 }, score = 0.98, landmarks68 = Rows(68, 3), pose = new { yaw = 0.1, pitch = 0.0, roll = -0.1 } } },
    });

    private static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value);
}
