namespace FaceAlign3D.Morphable;

/// <summary>
/// The modes of a linear shape model over its 3N coordinate rows (row = 3 * vertex + axis), in either storage order:
/// mode-major (ICT-FaceKit) or row-major (the BFM). Element (mode, row) is data[mode * modeStride + row * rowStride].
/// </summary>
internal readonly struct LinearBasis(float[] data, int modes, bool rowMajor)
{
    private readonly int _modeStride = rowMajor ? 1 : data.Length / Math.Max(modes, 1);
    private readonly int _rowStride = rowMajor ? modes : 1;

    public int Modes => modes;

    public float this[int mode, int row] => data[mode * _modeStride + row * _rowStride];
}
