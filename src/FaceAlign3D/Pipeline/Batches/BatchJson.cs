using System.Text.Json.Serialization;
using FaceAlign3D.Export;

namespace FaceAlign3D.Pipeline.Batches;

/// <summary>Source-generated JSON for the ledger lines and the kept summary rows, so batches run under Native AOT.</summary>
[JsonSerializable(typeof(BatchEntry))]
[JsonSerializable(typeof(BatchSettingsLine))]
[JsonSerializable(typeof(List<AlignmentRow>))]
internal sealed partial class BatchJson : JsonSerializerContext;
