using FaceAlign3D.Formats;
using FaceAlign3D.Neural.Formats.Onnx;
using FaceAlign3D.Training.Networks;
using FaceAlign3D.Training.Networks.Weights;

namespace FaceAlign3D.Training.Export;

/// <summary>
/// A uniform weight average ("model soup") of regressors fine-tuned from the same starting weights: every folded
/// convolution and head is averaged element by element, so the result has the same graph and speed as each of them.
/// Averaging the folded layers rather than weights and BatchNorm apart is exact for the heads and, for runs that stay
/// close to their common start, a first-order match of averaging the unfolded ones.
/// </summary>
public static class WeightAverage
{
    /// <summary>Reads the ONNX regressors, averages them and writes the result (temporary file and rename).</summary>
    public static void AverageFiles(IReadOnlyList<string> models, string output)
    {
        if (models.Count < 2) throw new ArgumentException("give at least two models to average");
        var layers = models.Select(path => (path, OnnxWeights.ReadFoldedLayers(OnnxModelReader.Read(path)))).ToArray();
        RegressorOnnxWriter.Write(Average(layers), output);
    }

    /// <summary>The element-wise mean of models with identical layer structure.</summary>
    public static IReadOnlyList<FoldedLayer> Average(IReadOnlyList<(string Source, IReadOnlyList<FoldedLayer> Layers)> models)
    {
        var first = models[0];
        foreach (var (source, layers) in models.Skip(1))
        {
            if (layers.Count != first.Layers.Count)
                throw new ModelFormatException(source, $"{layers.Count} layers where {first.Source} has {first.Layers.Count}");
            for (int i = 0; i < layers.Count; i++)
                if (!SameStructure(layers[i], first.Layers[i]))
                    throw new ModelFormatException(source, $"layer {i} differs in kind, shape, stride, padding or groups from {first.Source}");
        }
        return first.Layers.Select((layer, i) => layer with
        {
            Weight = Mean(models.Select(m => m.Layers[i].Weight).ToArray()),
            Bias = Mean(models.Select(m => m.Layers[i].Bias).ToArray()),
        }).ToArray();
    }

    static bool SameStructure(FoldedLayer a, FoldedLayer b) =>
        a.Kind == b.Kind && a.WeightShape.SequenceEqual(b.WeightShape) && a.Bias.Length == b.Bias.Length
        && a.Stride == b.Stride && a.Padding == b.Padding && a.Groups == b.Groups;

    static float[] Mean(float[][] values)
    {
        var mean = new float[values[0].Length];
        for (int j = 0; j < mean.Length; j++)
        {
            double sum = 0;
            foreach (var v in values) sum += v[j];
            mean[j] = (float)(sum / values.Length);
        }
        return mean;
    }
}
