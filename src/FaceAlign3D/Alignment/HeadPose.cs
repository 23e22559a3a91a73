namespace FaceAlign3D.Alignment;

/// <summary>
/// Head orientation: a rotation matrix (3x3, row-major) and Euler angles in degrees. <see cref="Formula"/>
/// names how the angles were derived from the matrix, since conventions differ between models.
/// </summary>
public sealed record HeadPose(double[] Rotation, double YawDegrees, double PitchDegrees, double RollDegrees, string Formula)
{
    public double this[int row, int column] => Rotation[row * 3 + column];
}
