using System.Globalization;
using System.Numerics;
using System.Text;

namespace FaceAlign3D.Export;

/// <summary>The 68 landmark columns (x0,y0,z0 ... x67,y67,z67, pixels) that the align and track CSV files share.</summary>
internal static class LandmarkCsvColumns
{
    public const int Count = 68;

    /// <summary>Appends ",x0,y0,z0,...,x67,y67,z67" to a header line.</summary>
    public static StringBuilder AppendHeader(StringBuilder header)
    {
        for (int i = 0; i < Count; i++)
            header.Append(CultureInfo.InvariantCulture, $",x{i},y{i},z{i}");
        return header;
    }

    /// <summary>Appends the 68 points (empty fields for missing ones) to a data line.</summary>
    public static void AppendValues(StringBuilder line, IReadOnlyList<Vector3> landmarks68)
    {
        var c = CultureInfo.InvariantCulture;
        for (int i = 0; i < Count; i++)
        {
            if (i < landmarks68.Count)
                line.Append(c, $",{landmarks68[i].X:0.###},{landmarks68[i].Y:0.###},{landmarks68[i].Z:0.###}");
            else
                line.Append(",,,");
        }
    }
}
