using System.Numerics;
using FaceAlign3D.Formats;

namespace FaceAlign3D.Morphable;

/// <summary>
/// MediaPipe's canonical face model as its face geometry pipeline ships it
/// (geometry_pipeline_metadata_landmarks.binarypb, a GeometryPipelineMetadata protobuf): 468 vertices in
/// centimetres (x right, y up, z toward the viewer), their texture coordinates, the triangles, and the
/// per-landmark weights of the Procrustes fit (most are zero).
/// </summary>
internal sealed class MediaPipeCanonicalFace
{
    public const int VertexCount = 468;

    // Field numbers from mediapipe/modules/face_geometry/protos (geometry_pipeline_metadata.proto, mesh_3d.proto).
    private const int MetadataMesh = 1, MetadataProcrustes = 2, MetadataInputSource = 3;
    private const int MeshVertexType = 1, MeshPrimitiveType = 2, MeshVertices = 3, MeshIndices = 4;
    private const int WeightLandmarkId = 1, WeightValue = 2;
    private const int FaceLandmarkPipeline = 1;

    private MediaPipeCanonicalFace(Vector3[] vertices, Vector2[] uvs, int[] triangles, double[] weights)
    {
        Vertices = vertices;
        TextureCoordinates = uvs;
        Triangles = triangles;
        ProcrustesWeights = weights;
    }

    /// <summary>Vertex positions in centimetres.</summary>
    public IReadOnlyList<Vector3> Vertices { get; }
    public IReadOnlyList<Vector2> TextureCoordinates { get; }
    /// <summary>Vertex indices, three per triangle.</summary>
    public IReadOnlyList<int> Triangles { get; }
    /// <summary>One weight per vertex (zero for vertices outside the Procrustes basis).</summary>
    public IReadOnlyList<double> ProcrustesWeights { get; }

    public static MediaPipeCanonicalFace Load(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(path, "cannot read file: " + e.Message, e);
        }
        return Read(bytes, path);
    }

    public static MediaPipeCanonicalFace Read(ReadOnlySpan<byte> bytes, string name)
    {
        var r = new ProtoReader(bytes, name, "GeometryPipelineMetadata");
        long source = 0;
        var vertexBuffer = new List<float>();
        var indices = new List<long>();
        var weights = new double[VertexCount];
        int weightCount = 0;
        bool hasMesh = false;
        while (r.TryReadKey(out int field, out var wire))
        {
            switch (field)
            {
                case MetadataInputSource when wire == WireType.Varint:
                    source = r.ReadInt64();
                    break;
                case MetadataMesh when wire == WireType.LengthDelimited:
                    ReadMesh(r.ReadBytes(), name, vertexBuffer, indices);
                    hasMesh = true;
                    break;
                case MetadataProcrustes when wire == WireType.LengthDelimited:
                    var (id, weight) = ReadWeight(r.ReadBytes(), name);
                    if (id < 0 || id >= VertexCount)
                        throw new ModelFormatException(name, $"Procrustes landmark id {id} is outside the {VertexCount} vertices");
                    if (!float.IsFinite(weight) || weight < 0)
                        throw new ModelFormatException(name, $"Procrustes weight {weight} of landmark {id} must be finite and non-negative");
                    weights[id] = weight;
                    weightCount++;
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }
        if (source != FaceLandmarkPipeline)
            throw new ModelFormatException(name, $"input_source {source} is not FACE_LANDMARK_PIPELINE (1)");
        if (!hasMesh || vertexBuffer.Count != VertexCount * 5)
            throw new ModelFormatException(name, $"the canonical mesh has {vertexBuffer.Count} vertex values, expected {VertexCount} x 5 (x, y, z, u, v)");
        if (indices.Count == 0 || indices.Count % 3 != 0 || indices.Any(i => i < 0 || i >= VertexCount))
            throw new ModelFormatException(name, $"the canonical mesh index buffer ({indices.Count} values) is not triangles over {VertexCount} vertices");
        if (weightCount < 3)
            throw new ModelFormatException(name, $"only {weightCount} Procrustes landmarks; at least 3 are needed");
        if (vertexBuffer.Any(v => !float.IsFinite(v)))
            throw new ModelFormatException(name, "the canonical mesh has a non-finite vertex value");
        var vertices = new Vector3[VertexCount];
        var uvs = new Vector2[VertexCount];
        for (int i = 0; i < VertexCount; i++)
        {
            vertices[i] = new Vector3(vertexBuffer[5 * i], vertexBuffer[5 * i + 1], vertexBuffer[5 * i + 2]);
            uvs[i] = new Vector2(vertexBuffer[5 * i + 3], vertexBuffer[5 * i + 4]);
        }
        return new MediaPipeCanonicalFace(vertices, uvs, indices.Select(i => (int)i).ToArray(), weights);
    }

    private static void ReadMesh(ReadOnlySpan<byte> bytes, string name, List<float> vertices, List<long> indices)
    {
        var r = new ProtoReader(bytes, name, "canonical_mesh");
        while (r.TryReadKey(out int field, out var wire))
        {
            switch (field)
            {
                case MeshVertexType or MeshPrimitiveType when wire == WireType.Varint:
                    if (r.ReadInt64() != 0)
                        throw new ModelFormatException(name, "only VERTEX_PT triangle meshes are supported");
                    break;
                case MeshVertices:
                    r.ReadRepeatedFloat(wire, vertices);
                    break;
                case MeshIndices:
                    r.ReadRepeatedInt64(wire, indices);
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
            if (vertices.Count > VertexCount * 5 || indices.Count > 1 << 20)
                throw new ModelFormatException(name, "the canonical mesh is larger than 468 vertices");
        }
    }

    private static (long Id, float Weight) ReadWeight(ReadOnlySpan<byte> bytes, string name)
    {
        var r = new ProtoReader(bytes, name, "procrustes_landmark_basis");
        long id = -1;
        float weight = 0;
        while (r.TryReadKey(out int field, out var wire))
        {
            if (field == WeightLandmarkId && wire == WireType.Varint) id = r.ReadInt64();
            else if (field == WeightValue && wire == WireType.Fixed32) weight = r.ReadFixed32Float();
            else r.Skip(wire);
        }
        return (id, weight);
    }
}
