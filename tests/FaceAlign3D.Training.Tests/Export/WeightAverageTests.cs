using FaceAlign3D.Formats;
using FaceAlign3D.Neural.Formats.Onnx;
using FaceAlign3D.Training.Export;
using FaceAlign3D.Training.Networks;
using FaceAlign3D.Training.Networks.Weights;
using FaceAlign3D.Training.Tests.Networks;

namespace FaceAlign3D.Training.Tests.Export;

public class WeightAverageTests
{
    static FoldedLayer[] Shifted(IReadOnlyList<FoldedLayer> layers, float shift) => layers.Select(l => l with
    {
        Weight = l.Weight.Select((w, i) => w + shift * (i % 7)).ToArray(),
        Bias = l.Bias.Select(b => b - shift).ToArray(),
    }).ToArray();

    [Fact]
    public void Two_exports_average_to_the_element_wise_mean_with_the_same_graph()
    {
        var mb05 = OnnxWeights.ReadFoldedLayers(OnnxModelReader.Read(Mb05Reference.Onnx));
        string folder = Directory.CreateTempSubdirectory("soup").FullName;
        try
        {
            string a = Path.Combine(folder, "a.onnx"), b = Path.Combine(folder, "b.onnx"), mean = Path.Combine(folder, "mean.onnx");
            RegressorOnnxWriter.Write(Shifted(mb05, 0.01f), a);
            RegressorOnnxWriter.Write(Shifted(mb05, -0.03f), b);

            WeightAverage.AverageFiles([a, b], mean);

            var averaged = OnnxWeights.ReadFoldedLayers(OnnxModelReader.Read(mean));
            var expected = Shifted(mb05, -0.01f);
            Assert.Equal(mb05.Count, averaged.Count);
            for (int i = 0; i < averaged.Count; i++)
            {
                Assert.Equal(mb05[i].WeightShape, averaged[i].WeightShape);
                Assert.Equal((mb05[i].Stride, mb05[i].Padding, mb05[i].Groups), (averaged[i].Stride, averaged[i].Padding, averaged[i].Groups));
                for (int j = 0; j < expected[i].Weight.Length; j += 97) Assert.Equal(expected[i].Weight[j], averaged[i].Weight[j], 5e-6f);
                for (int j = 0; j < expected[i].Bias.Length; j++) Assert.Equal(expected[i].Bias[j], averaged[i].Bias[j], 5e-6f);
            }
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Models_of_different_structure_are_refused_naming_the_file()
    {
        var mb05 = OnnxWeights.ReadFoldedLayers(OnnxModelReader.Read(Mb05Reference.Onnx));
        var fewer = mb05.Take(5).Append(mb05[^1]).ToArray();
        var e = Assert.Throws<ModelFormatException>(() => WeightAverage.Average([("mb05", mb05), ("short.onnx", fewer)]));
        Assert.Contains("short.onnx", e.Message);

        var wider = mb05.Select((l, i) => i == 3 ? l with { Stride = l.Stride + 1 } : l).ToArray();
        e = Assert.Throws<ModelFormatException>(() => WeightAverage.Average([("mb05", mb05), ("strided.onnx", wider)]));
        Assert.Contains("layer 3 differs", e.Message);
    }

    [Fact]
    public void One_model_is_not_an_average()
    {
        Assert.Throws<ArgumentException>(() => WeightAverage.AverageFiles([Mb05Reference.Onnx], Path.Combine(Path.GetTempPath(), "never.onnx")));
    }
}
