using System.Collections.Concurrent;
using FaceAlign3D.Imaging;

namespace FaceAlign3D.Training.Data;

/// <summary>
/// The warped 120x120 crops of faces whose augmentation leaves the geometry fixed (at most a flip), kept in
/// memory after the first render: later epochs skip decoding the source photo and warping it. A crop depends
/// only on the face and the flip, so a cached one is the same bytes a fresh render gives. About 43 kB a crop.
/// </summary>
public sealed class CropCache
{
    readonly ConcurrentDictionary<CropKey, Image> _crops = new();

    public int Count => _crops.Count;

    public Image GetOrRender(CropKey key, Func<Image> render) => _crops.GetOrAdd(key, _ => render());
}

/// <summary>A face rendered without geometric augmentation, mirrored or not; faces compare by reference.</summary>
public readonly record struct CropKey(FaceRecord Face, bool Flipped)
{
    public bool Equals(CropKey other) => ReferenceEquals(Face, other.Face) && Flipped == other.Flipped;

    public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Face), Flipped);
}
