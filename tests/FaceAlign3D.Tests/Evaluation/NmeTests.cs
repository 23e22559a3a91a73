using FaceAlign3D.Evaluation.Metrics;

namespace FaceAlign3D.Tests.Evaluation;

public class NmeTests
{
    // Ground truth: the corners of a 4 x 3 box. Prediction: the first corner moved by (3, 4),
    // an error of 5, the others exact; mean error 5 / 4 = 1.25.
    private static readonly LandmarkSet BoxTruth = new([0, 0, 4, 0, 4, 3, 0, 3], 2);
    private static readonly LandmarkSet BoxPrediction = new([3, 4, 4, 0, 4, 3, 0, 3], 2);

    [Fact]
    public void BoxSqrtAreaDividesBySqrtOfWidthTimesHeight()
    {
        var result = Nme.Evaluate(BoxPrediction, BoxTruth);
        Assert.Equal(Math.Sqrt(12), result.Normalizer, 12);
        Assert.Equal(1.25 / Math.Sqrt(12), result.Nme, 12);
        Assert.Null(result.Contour); // no known scheme for 4 points
    }

    [Fact]
    public void BoxDiagonalDividesByFive()
    {
        var result = Nme.Evaluate(BoxPrediction, BoxTruth, new NmeOptions { Normalizer = NmeNormalizer.BoxDiagonal });
        Assert.Equal(0.25, result.Nme, 12);
    }

    [Fact]
    public void ImageSizeUsesSqrtOfImageArea()
    {
        // 100 x 25 image: sqrt(2500) = 50, so 1.25 / 50 = 0.025.
        var options = new NmeOptions { Normalizer = NmeNormalizer.ImageSize, ImageWidth = 100, ImageHeight = 25 };
        Assert.Equal(0.025, Nme.Evaluate(BoxPrediction, BoxTruth, options).Nme, 12);
        Assert.Throws<ArgumentException>(() => Nme.Evaluate(BoxPrediction, BoxTruth, new NmeOptions { Normalizer = NmeNormalizer.ImageSize }));
    }

    [Fact]
    public void EyeNormalisersAndContourInnerSplitOn68Points()
    {
        // Outer corners 36 = (10, 50) and 45 = (40, 50): inter-ocular 30.
        // Eye centres (15, 50) and (35, 50): inter-pupil 20.
        var truth = Face68();
        var predicted = truth.Coordinates.ToArray();
        predicted[0] += 6; predicted[1] += 8;   // point 0 (contour): error 10
        predicted[41] += 34;                    // point 20 y (inner): error 34
        var prediction = new LandmarkSet(predicted, 2);

        var io = Nme.Evaluate(prediction, truth, new NmeOptions { Normalizer = NmeNormalizer.OuterInterOcular });
        Assert.Equal(30, io.Normalizer, 12);
        Assert.Equal(44.0 / 68 / 30, io.Nme, 12);
        Assert.Equal(10.0 / 17 / 30, io.Contour!.Value, 12);
        Assert.Equal(34.0 / 51 / 30, io.Inner!.Value, 12);

        var ip = Nme.Evaluate(prediction, truth, new NmeOptions { Normalizer = NmeNormalizer.InterPupil });
        Assert.Equal(20, ip.Normalizer, 12);
        Assert.Equal(44.0 / 68 / 20, ip.Nme, 12);
    }

    [Fact]
    public void GteUses3DErrorsAndThe3DInterOcularDistance()
    {
        // z = 0 everywhere except point 45 at z = 40: 3D inter-ocular sqrt(30^2 + 40^2) = 50.
        // Point 5 moved by (3, 4, 12): error 13, mean 13 / 68.
        var flat2 = Face68().Coordinates;
        var truth = new double[68 * 3];
        for (int i = 0; i < 68; i++) { truth[3 * i] = flat2[2 * i]; truth[3 * i + 1] = flat2[2 * i + 1]; }
        truth[45 * 3 + 2] = 40;
        var predicted = (double[])truth.Clone();
        predicted[15] += 3; predicted[16] += 4; predicted[17] += 12;

        double gte = Nme.Gte(new LandmarkSet(predicted, 3), new LandmarkSet(truth, 3));

        Assert.Equal(13.0 / 68 / 50, gte, 12);
    }

    [Fact]
    public void RejectsMismatchedOrDegenerateInput()
    {
        Assert.Throws<ArgumentException>(() => Nme.Evaluate(new LandmarkSet([0, 0, 1, 1], 2), BoxTruth));
        var flat = new LandmarkSet([1, 1, 1, 1, 1, 1, 1, 1], 2);
        Assert.Throws<ArgumentException>(() => Nme.Evaluate(flat, flat));
        Assert.Throws<ArgumentException>(() => Nme.Evaluate(BoxPrediction, BoxTruth, new NmeOptions { Dimensions = 3 }));
        Assert.Throws<ArgumentException>(() => Nme.Evaluate(BoxPrediction, BoxTruth, new NmeOptions { Normalizer = NmeNormalizer.OuterInterOcular }));
    }

    internal static LandmarkSet Face68()
    {
        var p = new double[136];
        for (int i = 0; i < 68; i++) { p[2 * i] = i; p[2 * i + 1] = 2 * i; }
        double[][] eye1 = [[10, 50], [15, 45], [20, 50], [15, 55], [15, 50], [15, 50]];
        double[][] eye2 = [[30, 50], [35, 45], [35, 55], [40, 50], [35, 50], [35, 50]];
        for (int k = 0; k < 6; k++)
        {
            p[2 * (36 + k)] = eye1[k][0]; p[2 * (36 + k) + 1] = eye1[k][1];
            p[2 * (42 + k)] = eye2[k][0]; p[2 * (42 + k) + 1] = eye2[k][1];
        }
        return new LandmarkSet(p, 2);
    }
}
