using FaceAlign3D.Formats;

namespace FaceAlign3D.Morphable.IctFaceKit;

/// <summary>
/// The ICT-FaceKit texture layout: UV coordinates (u right, v up, in [0, 1]) and, per face corner, the index of
/// its UV. UVs are per corner rather than per vertex because the layout has seams (28911 UVs for 26719 vertices).
/// </summary>
/// <param name="Uvs">u, v per UV entry.</param>
/// <param name="FaceUvs">(F, 4) UV index per face corner, in the order of the model's face table; -1 in column 3 for triangles.</param>
public sealed record IctUvLayout(float[] Uvs, int[] FaceUvs)
{
    public int UvCount => Uvs.Length / 2;

    /// <summary>Reads the 'uv' (N, 2) and 'face_uvs' (F, 4) tensors of the converted model.</summary>
    /// <exception cref="ModelFormatException">a tensor is missing, misshapen, or an index is out of range.</exception>
    public static IctUvLayout Load(string safetensorsPath, int faceCount)
    {
        var file = SafetensorsFile.Open(safetensorsPath);
        if (!file.Contains("uv") || !file.Contains("face_uvs"))
            throw new ModelFormatException(safetensorsPath, "no 'uv' / 'face_uvs' tensors (the texture layout)");
        var uv = file.ReadFloat("uv");
        var faces = file.ReadInt32("face_uvs");
        if (uv.Shape.Length != 2 || uv.Shape[1] != 2)
            throw new ModelFormatException(safetensorsPath, "'uv' must be (N, 2)");
        if (faces.Shape.Length != 2 || faces.Shape[1] != 4 || faces.Shape[0] != faceCount)
            throw new ModelFormatException(safetensorsPath, $"'face_uvs' must be ({faceCount}, 4)");
        int count = uv.Shape[0];
        var table = faces.Data;
        for (int i = 0; i < table.Length; i++)
        {
            bool optionalCorner = i % 4 == 3 && table[i] == -1;
            if (!optionalCorner && (uint)table[i] >= (uint)count)
                throw new ModelFormatException(safetensorsPath, $"face {i / 4} refers to UV {table[i]}, outside [0, {count})");
        }
        foreach (float x in uv.Data)
            if (!float.IsFinite(x))
                throw new ModelFormatException(safetensorsPath, "'uv' holds a non-finite coordinate");
        return new IctUvLayout(uv.Data, table);
    }
}
