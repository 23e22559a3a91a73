namespace FaceAlign3D.Tracking.Filters;

/// <summary>
/// Turns a sequence of angles given modulo 2 pi into a continuous one (each new angle moved by whole turns to
/// lie within pi of the previous), so a filter never averages across the +-pi seam.
/// </summary>
internal sealed class AngleUnwrapper
{
    private double _last = double.NaN;

    /// <summary>The angle (radians) plus the whole turns that bring it nearest the previous result.</summary>
    public double Unwrap(double radians)
    {
        if (!double.IsNaN(_last))
            radians -= 2 * Math.PI * Math.Round((radians - _last) / (2 * Math.PI));
        _last = radians;
        return radians;
    }

    public void Reset() => _last = double.NaN;

    /// <summary>An angle brought into (-pi, pi].</summary>
    public static double Wrap(double radians)
    {
        double wrapped = Math.IEEERemainder(radians, 2 * Math.PI);
        return wrapped <= -Math.PI ? wrapped + 2 * Math.PI : wrapped;
    }
}
