namespace FaceAlign3D.Alignment;

/// <summary>A posed face mesh in image pixels (x right, y down, z toward the viewer as the model defines it), with triangles.</summary>
public sealed record FaceMesh(float[] Positions, int[] Triangles)
{
    public int VertexCount => Positions.Length / 3;
}

/// <summary>An aligner that can also give the posed dense mesh of a face it aligned.</summary>
internal interface IMeshAligner : IFaceAligner
{
    /// <summary>The dense mesh of <paramref name="alignment"/> in image pixels.</summary>
    FaceMesh Mesh(FaceAlignment alignment);
}
