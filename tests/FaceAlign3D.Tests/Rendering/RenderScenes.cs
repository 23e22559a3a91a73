using FaceAlign3D.Geometry;
using FaceAlign3D.Rendering;
using FaceAlign3D.Tests.Fitting;

namespace FaceAlign3D.Tests.Rendering;

/// <summary>Meshes and cameras shared by the rendering tests: a cube and the ICT neutral head.</summary>
internal static class RenderScenes
{
    /// <summary>The axis-aligned cube [-1, 1]^3: 8 corners, 12 triangles (mixed winding on purpose).</summary>
    public static (RenderMesh Mesh, float[] Positions) Cube()
    {
        var p = new float[24];
        for (int i = 0; i < 8; i++)
        {
            p[3 * i] = (i & 1) != 0 ? 1 : -1;
            p[3 * i + 1] = (i & 2) != 0 ? 1 : -1;
            p[3 * i + 2] = (i & 4) != 0 ? 1 : -1;
        }
        int[] tri =
        [
            0, 1, 3, 0, 3, 2, 4, 5, 7, 4, 7, 6, // z = -1, z = +1
            0, 1, 5, 0, 5, 4, 2, 3, 7, 2, 7, 6, // y = -1, y = +1
            0, 2, 6, 0, 6, 4, 1, 3, 7, 1, 7, 5, // x = -1, x = +1
        ];
        return (new RenderMesh(tri, 8), p);
    }

    private static readonly Lazy<RenderMesh> IctMesh = new(() =>
    {
        var model = IctTestModel.Value;
        return RenderMesh.FromQuadsAndTriangles(model.Topology.Faces, model.VertexCount);
    });

    /// <summary>The ICT model's faces split into triangles (no UVs).</summary>
    public static RenderMesh Ict => IctMesh.Value;

    /// <summary>An orthographic camera showing the ICT head (about 30 cm tall) in a square image of the given side.</summary>
    public static ScaledOrthographicCamera IctOrthographic(int side, double yaw, double pitch) =>
        new(side / 32.0, side / 2.0 - 0.5, side / 2.0 + 0.1 * side, PinholeCamera.ModelToCameraAxes * Rotation.FromYawPitchRoll(yaw, pitch, 0));

    /// <summary>A pinhole camera 60 cm in front of the ICT head with a 30 degree field of view.</summary>
    public static PinholeCamera IctPinhole(int side, double yaw, double pitch)
    {
        var r = PinholeCamera.ModelToCameraAxes * Rotation.FromYawPitchRoll(yaw, pitch, 0);
        double focal = side / 2.0 / Math.Tan(Math.PI / 12);
        return new PinholeCamera(focal, focal, side / 2.0 - 0.5, side / 2.0 - 0.5, r, new Vec3(0, 4, 60));
    }
}
