namespace FaceAlign3D.Export;

/// <summary>
/// The colour map of facial tension in fit PLY files: a diverging blue-white-red ramp, linear in each half.
/// t = -1 (stretched) is blue (0, 0, 255), t = 0 white (255, 255, 255), t = +1 (compressed) red (255, 0, 0);
/// values outside [-1, 1] are clamped and NaN is drawn as mid grey (128, 128, 128).
/// </summary>
internal static class FitTensionColorMap
{
    public static (byte R, byte G, byte B) Color(double tension)
    {
        if (double.IsNaN(tension))
            return (128, 128, 128);
        double t = Math.Clamp(tension, -1, 1);
        byte fade = (byte)Math.Round(255 * (1 - Math.Abs(t)));
        return t >= 0 ? ((byte)255, fade, fade) : (fade, fade, (byte)255);
    }

    /// <summary>r, g, b per value.</summary>
    public static byte[] Colors(ReadOnlySpan<float> tension)
    {
        var rgb = new byte[3 * tension.Length];
        for (int i = 0; i < tension.Length; i++)
            (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) = Color(tension[i]);
        return rgb;
    }
}
