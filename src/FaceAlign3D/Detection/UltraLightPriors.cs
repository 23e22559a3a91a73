namespace FaceAlign3D.Detection;

/// <summary>
/// Priors of the Ultra-Light-Fast-Generic-Face-Detector (RFB-320/640): feature maps of stride 8, 16, 32, 64
/// (sizes ceil(input / stride)) carrying anchors of [10,16,24], [32,48], [64,96], [128,192,256] px. Centres are
/// (cell + 0.5) / feature-map size, as the training configuration (fd_config.py) computes them and the exported
/// models embed them; all values are clamped to [0, 1]. Output is (cx, cy, w, h) per prior, normalised.
/// </summary>
internal static class UltraLightPriors
{
    private static readonly int[] Strides = [8, 16, 32, 64];
    private static readonly int[][] MinBoxes = [[10, 16, 24], [32, 48], [64, 96], [128, 192, 256]];

    public static float[] Generate(int inputWidth, int inputHeight)
    {
        if (inputWidth <= 0 || inputHeight <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputWidth), $"input size must be positive, got {inputWidth}x{inputHeight}");
        var priors = new List<float>();
        for (int k = 0; k < Strides.Length; k++)
        {
            int cols = (inputWidth + Strides[k] - 1) / Strides[k];
            int rows = (inputHeight + Strides[k] - 1) / Strides[k];
            for (int j = 0; j < rows; j++)
                for (int i = 0; i < cols; i++)
                    foreach (int size in MinBoxes[k])
                    {
                        priors.Add(Clamp((i + 0.5) / cols));
                        priors.Add(Clamp((j + 0.5) / rows));
                        priors.Add(Clamp((double)size / inputWidth));
                        priors.Add(Clamp((double)size / inputHeight));
                    }
        }
        return priors.ToArray();
    }

    private static float Clamp(double v) => (float)Math.Clamp(v, 0.0, 1.0);
}
