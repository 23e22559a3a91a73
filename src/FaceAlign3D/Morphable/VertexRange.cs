namespace FaceAlign3D.Morphable;

/// <summary>An inclusive range of vertex indices [First, Last], as the ICT-FaceKit documentation states its regions.</summary>
public readonly record struct VertexRange(int First, int Last)
{
    public int Count => Last - First + 1;

    public bool Contains(int vertex) => vertex >= First && vertex <= Last;
}
