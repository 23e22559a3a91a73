namespace FaceAlign3D.Fitting;

/// <summary>One FACS action unit and the ICT-FaceKit blendshapes closest to it.</summary>
/// <param name="Code">FACS code, e.g. "AU12"; AU30 appears twice (left and right).</param>
/// <param name="Name">FACS name as the source table gives it.</param>
/// <param name="Shapes">The blendshapes whose sum the table lists.</param>
public sealed record ActionUnitDefinition(string Code, string Name, IReadOnlyList<string> Shapes);

/// <summary>An action-unit estimate from fitted blendshape weights.</summary>
/// <param name="Unit">The unit of the table.</param>
/// <param name="Intensity">Mean of the listed shapes' weights, in [0, 1].</param>
/// <param name="Left">The _L shape's weight when the unit is a bilateral pair, otherwise null.</param>
/// <param name="Right">The _R shape's weight when the unit is a bilateral pair, otherwise null.</param>
public sealed record ActionUnitEstimate(ActionUnitDefinition Unit, double Intensity, double? Left, double? Right);

/// <summary>
/// FACS action units from ICT-FaceKit blendshape weights. The table is the one in the ICT-FaceKit README
/// (github.com/ICT-VGL/ICT-FaceKit, section "Expression Shapes": "Our expression shapes closest relation to FACS
/// units"), where each unit is the sum of one or two shapes. A unit's intensity here is the mean of its shapes'
/// weights, so it stays in [0, 1] like the weights; bilateral units also report each side.
/// </summary>
internal static class FacsActionUnits
{
    public static IReadOnlyList<ActionUnitDefinition> Table { get; } =
    [
        new("AU1", "Inner brow raiser", ["browInnerUp_L", "browInnerUp_R"]),
        new("AU2", "Outer brow raiser", ["browOuterUp_L", "browOuterUp_R"]),
        new("AU4", "Brow lowerer", ["browDown_L", "browDown_R"]),
        new("AU5", "Upper lid raiser", ["eyeWide_L", "eyeWide_R"]),
        new("AU6", "Cheek raiser", ["cheekSquint_L", "cheekSquint_R"]),
        new("AU7", "Lid tightener", ["eyeSquint_L", "eyeSquint_R"]),
        new("AU9", "Nose wrinkler", ["noseSneer_L", "noseSneer_R"]),
        new("AU10", "Upper lip raiser", ["mouthShrugUpper"]),
        new("AU11", "Nasolabial deepener", ["mouthUpperUp_L", "mouthUpperUp_R"]),
        new("AU12", "Lip corner puller", ["mouthSmile_L", "mouthSmile_R"]),
        new("AU14", "Dimpler", ["mouthDimple_L", "mouthDimple_R"]),
        new("AU15", "Lip corner depressor", ["mouthFrown_L", "mouthFrown_R"]),
        new("AU16", "Lower lip depressor", ["mouthLowerDown_L", "mouthLowerDown_R"]),
        new("AU17", "Chin raiser", ["mouthShrugLower"]),
        new("AU18", "Lip pucker", ["mouthPucker"]),
        new("AU20", "Lip stretcher", ["mouthStretch_L", "mouthStretch_R"]),
        new("AU22", "Lip funneler", ["mouthFunnel"]),
        new("AU24", "Lip pressor", ["mouthPress_L", "mouthPress_R"]),
        new("AU27", "Mouth stretch", ["jawOpen"]),
        new("AU28", "Lip suck", ["mouthRollLower", "mouthRollUpper"]),
        new("AU29", "Jaw thrust", ["jawForward"]),
        new("AU30", "Jaw sideways (left)", ["jawLeft"]),
        new("AU30", "Jaw sideways (right)", ["jawRight"]),
        new("AU33", "Cheek blow", ["cheekPuff_L", "cheekPuff_R"]),
        new("AU45", "Blink", ["eyeBlink_L", "eyeBlink_R"]),
        new("AU61", "Eyes turn left", ["eyeLookOut_L", "eyeLookIn_R"]),
        new("AU62", "Eyes turn right", ["eyeLookOut_R", "eyeLookIn_L"]),
        new("AU63", "Eyes up", ["eyeLookUp_L", "eyeLookUp_R"]),
        new("AU64", "Eyes down", ["eyeLookDown_L", "eyeLookDown_R"]),
    ];

    /// <summary>Estimates every unit of <see cref="Table"/> from weights by blendshape name.</summary>
    /// <exception cref="ArgumentException">a shape of the table has no weight.</exception>
    public static IReadOnlyList<ActionUnitEstimate> Estimate(IReadOnlyDictionary<string, double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var result = new List<ActionUnitEstimate>(Table.Count);
        foreach (var unit in Table)
        {
            double sum = 0;
            foreach (var shape in unit.Shapes)
                sum += weights.TryGetValue(shape, out double w) ? w : throw new ArgumentException($"action unit {unit.Code}: no weight for blendshape '{shape}'");
            bool bilateral = unit.Shapes.Count == 2 && unit.Shapes[0].EndsWith("_L", StringComparison.Ordinal)
                && unit.Shapes[1] == unit.Shapes[0][..^2] + "_R";
            result.Add(new ActionUnitEstimate(unit, sum / unit.Shapes.Count,
                bilateral ? weights[unit.Shapes[0]] : null, bilateral ? weights[unit.Shapes[1]] : null));
        }
        return result;
    }
}
