namespace FaceAlign3D.Morphable.IctFaceKit;

/// <summary>
/// Facts about the ICT-FaceKit topology that upstream publishes only in its README (not in a data file):
/// the region vertex ranges and the jawline alternatives. The OBJ importer uses them; the converted model's
/// .json carries the same values.
/// </summary>
internal static class IctFaceKitLayout
{
    public const int VertexCount = 26719;

    /// <summary>Region names (as in the converted .json) and their inclusive vertex ranges.</summary>
    public static IReadOnlyDictionary<string, VertexRange> Regions { get; } = new Dictionary<string, VertexRange>
    {
        ["all"] = new(0, 26718),
        ["face"] = new(0, 9408),
        ["head_and_neck"] = new(9409, 11247),
        ["mouth_socket"] = new(11248, 13293),
        ["eye_socket_left"] = new(13294, 13677),
        ["eye_socket_right"] = new(13678, 14061),
        ["gums_and_tongue"] = new(14062, 17038),
        ["teeth"] = new(17039, 21450),
        ["eyeball_left"] = new(21451, 23020),
        ["eyeball_right"] = new(23021, 24590),
        ["narrow_face_area"] = new(0, 6705),
    };

    /// <summary>Vertices that may replace Multi-PIE landmarks 0-7 (the subject's right jaw).</summary>
    public static IReadOnlyList<int> JawlineRightSubstitutes { get; } = [1278, 1272, 12, 1834, 243, 781, 2199, 1447];

    /// <summary>Vertices that may replace Multi-PIE landmarks 9-16 (the subject's left jaw).</summary>
    public static IReadOnlyList<int> JawlineLeftSubstitutes { get; } = [3661, 4390, 3022, 2484, 4036, 2253, 3490, 3496];

    public static IReadOnlyList<int> JawlineRightExtended { get; } = [1280, 1278, 1275, 1272, 1248, 12, 820, 1834, 1902, 243, 844, 781, 1673, 2199, 801, 1447, 800];

    public static IReadOnlyList<int> JawlineLeftExtended { get; } = [3041, 3661, 3042, 4390, 3880, 3022, 3085, 2484, 4102, 4036, 3061, 2253, 3466, 3490, 3493, 3496, 3498];
}
