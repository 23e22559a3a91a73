namespace FaceAlign3D.Rendering;

/// <summary>
/// How much light reaches a surface with a given unit normal, per colour channel. Normals are in camera axes
/// (x right, y down, z away from the viewer), so a surface facing the camera has n = (0, 0, -1).
/// </summary>
internal abstract class Lighting
{
    /// <summary>Irradiance (red, green, blue) at a surface with unit normal (x, y, z); 1 leaves the albedo unchanged.</summary>
    public abstract void Irradiance(float x, float y, float z, Span<float> rgb);
}

/// <summary>Ambient light plus one directional light with Lambert's cosine law, max(0, n . l).</summary>
internal sealed class LambertLighting : Lighting
{
    private readonly float[] _ambient;
    private readonly float[] _diffuse;
    private readonly float _lx, _ly, _lz;

    /// <param name="ambient">ambient irradiance per channel.</param>
    /// <param name="diffuse">irradiance of the directional light per channel, on a surface facing it.</param>
    /// <param name="towardLight">direction from the surface toward the light, in camera axes (need not be unit length).</param>
    public LambertLighting(ReadOnlySpan<float> ambient, ReadOnlySpan<float> diffuse, (double X, double Y, double Z) towardLight)
    {
        if (ambient.Length != 3 || diffuse.Length != 3)
            throw new ArgumentException("ambient and diffuse need one value per colour channel");
        double l = Math.Sqrt(towardLight.X * towardLight.X + towardLight.Y * towardLight.Y + towardLight.Z * towardLight.Z);
        if (!(l > 0) || !double.IsFinite(l))
            throw new ArgumentException("the light direction must be a finite non-zero vector", nameof(towardLight));
        _ambient = ambient.ToArray();
        _diffuse = diffuse.ToArray();
        _lx = (float)(towardLight.X / l);
        _ly = (float)(towardLight.Y / l);
        _lz = (float)(towardLight.Z / l);
    }

    /// <summary>Unlit: every surface shows its albedo.</summary>
    public static LambertLighting Flat { get; } = new([1, 1, 1], [0, 0, 0], (0, 0, -1));

    public override void Irradiance(float x, float y, float z, Span<float> rgb)
    {
        float c = MathF.Max(0, x * _lx + y * _ly + z * _lz);
        for (int k = 0; k < 3; k++)
            rgb[k] = _ambient[k] + c * _diffuse[k];
    }
}

/// <summary>
/// Second-order spherical-harmonics irradiance (the 9-coefficient model of face-reconstruction papers):
/// E(n) = sum_k c_k Y_k(n) per channel, Y the real SH basis in the order 1, y, z, x, xy, yz, 3z^2 - 1, xz, x^2 - y^2
/// with the usual normalisation constants, the coefficients already convolved with the Lambert kernel.
/// </summary>
internal sealed class SphericalHarmonicsLighting : Lighting
{
    private readonly float[] _c; // [channel * 9 + k]

    /// <param name="coefficients">27 values: 9 per channel, red first.</param>
    public SphericalHarmonicsLighting(ReadOnlySpan<float> coefficients)
    {
        if (coefficients.Length != 27)
            throw new ArgumentException($"expected 27 coefficients (9 per channel), got {coefficients.Length}", nameof(coefficients));
        foreach (float c in coefficients)
            if (!float.IsFinite(c))
                throw new ArgumentException("the coefficients must be finite", nameof(coefficients));
        _c = coefficients.ToArray();
    }

    /// <summary>The basis values Y_0..Y_8 at a unit normal.</summary>
    public static void Basis(float x, float y, float z, Span<float> basis)
    {
        basis[0] = 0.282095f;
        basis[1] = 0.488603f * y;
        basis[2] = 0.488603f * z;
        basis[3] = 0.488603f * x;
        basis[4] = 1.092548f * x * y;
        basis[5] = 1.092548f * y * z;
        basis[6] = 0.315392f * (3 * z * z - 1);
        basis[7] = 1.092548f * x * z;
        basis[8] = 0.546274f * (x * x - y * y);
    }

    /// <summary>
    /// The SH irradiance of ambient light plus one distant light of irradiance 'diffuse' toward 'towardLight':
    /// the light's clamped cosine projected on the first three bands (Ramamoorthi and Hanrahan's approximation).
    /// </summary>
    public static SphericalHarmonicsLighting FromAmbientAndDirectional(float ambient, float diffuse, (double X, double Y, double Z) towardLight)
    {
        double l = Math.Sqrt(towardLight.X * towardLight.X + towardLight.Y * towardLight.Y + towardLight.Z * towardLight.Z);
        if (!(l > 0) || !double.IsFinite(l))
            throw new ArgumentException("the light direction must be a finite non-zero vector", nameof(towardLight));
        Span<float> y = stackalloc float[9];
        Basis((float)(towardLight.X / l), (float)(towardLight.Y / l), (float)(towardLight.Z / l), y);
        // A delta light's projection Y_k(l) times the clamped-cosine kernel of its band (pi, 2pi/3, pi/4); the
        // truncation gives a surface facing the light 1.0625 times 'diffuse'.
        const float a0 = MathF.PI, a1 = 2 * MathF.PI / 3, a2 = MathF.PI / 4;
        ReadOnlySpan<float> band = [a0, a1, a1, a1, a2, a2, a2, a2, a2];
        var c = new float[27];
        for (int ch = 0; ch < 3; ch++)
        {
            for (int k = 0; k < 9; k++)
                c[9 * ch + k] = diffuse * band[k] * y[k];
            c[9 * ch] += ambient / 0.282095f;
        }
        return new SphericalHarmonicsLighting(c);
    }

    public override void Irradiance(float x, float y, float z, Span<float> rgb)
    {
        Span<float> basis = stackalloc float[9];
        Basis(x, y, z, basis);
        for (int ch = 0; ch < 3; ch++)
        {
            float e = 0;
            for (int k = 0; k < 9; k++)
                e += _c[9 * ch + k] * basis[k];
            rgb[ch] = MathF.Max(0, e);
        }
    }
}
