namespace FaceAlign3D.Detection;

/// <summary>
/// The prior boxes of FaceBoxes (FaceBoxes/utils/prior_box.py in 3DDFA_V2): three feature maps of stride
/// 32, 64 and 128 (sizes ceil(input / stride)); the first carries anchors of 32, 64 and 128 px, the others
/// 256 and 512 px. The small anchors are densified: 32 px anchors on a 4x4 sub-grid of each cell, 64 px on 2x2.
/// Output is (cx, cy, w, h) per prior, normalised by the input width and height, unclipped.
/// </summary>
internal static class FaceBoxesPriors
{
    private static readonly int[][] MinSizes = [[32, 64, 128], [256], [512]];
    private static readonly int[] Steps = [32, 64, 128];

    public static int Count(int inputHeight, int inputWidth)
    {
        int count = 0;
        for (int k = 0; k < Steps.Length; k++)
        {
            int cells = CeilDiv(inputHeight, Steps[k]) * CeilDiv(inputWidth, Steps[k]);
            foreach (int size in MinSizes[k])
                count += cells * Density(size) * Density(size);
        }
        return count;
    }

    public static float[] Generate(int inputHeight, int inputWidth)
    {
        if (inputHeight <= 0 || inputWidth <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputHeight), $"input size must be positive, got {inputWidth}x{inputHeight}");
        var priors = new float[4 * Count(inputHeight, inputWidth)];
        int n = 0;
        for (int k = 0; k < Steps.Length; k++)
        {
            int step = Steps[k];
            int rows = CeilDiv(inputHeight, step), cols = CeilDiv(inputWidth, step);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    foreach (int size in MinSizes[k])
                    {
                        int density = Density(size);
                        double w = (double)size / inputWidth, h = (double)size / inputHeight;
                        for (int dy = 0; dy < density; dy++)
                            for (int dx = 0; dx < density; dx++)
                            {
                                // density 1 puts the anchor at the cell centre, 2 and 4 at 0, 1/2 or 0, 1/4, 2/4, 3/4 of the cell.
                                double ox = density == 1 ? 0.5 : (double)dx / density;
                                double oy = density == 1 ? 0.5 : (double)dy / density;
                                priors[n++] = (float)((j + ox) * step / inputWidth);
                                priors[n++] = (float)((i + oy) * step / inputHeight);
                                priors[n++] = (float)w;
                                priors[n++] = (float)h;
                            }
                    }
        }
        return priors;
    }

    private static int Density(int size) => size switch { 32 => 4, 64 => 2, _ => 1 };

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;
}
