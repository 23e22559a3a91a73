namespace FaceAlign3D.Neural.Planning;

/// <summary>
/// Assigns arena offsets to buffers with known lifetimes (first and last step that touches them) so that
/// buffers whose lifetimes do not overlap share memory. Greedy: largest first, lowest offset that fits.
/// </summary>
internal static class MemoryPlanner
{
    private const int Alignment = 16; // floats: 64 bytes

    public readonly record struct Buffer(int Length, int FirstStep, int LastStep);

    /// <returns>Offsets per buffer and the arena length in floats.</returns>
    public static (int[] Offsets, int ArenaLength) Assign(IReadOnlyList<Buffer> buffers)
    {
        var offsets = new int[buffers.Count];
        var placed = new List<int>();
        int arena = 0;
        foreach (int i in Enumerable.Range(0, buffers.Count).OrderByDescending(i => buffers[i].Length).ThenBy(i => i))
        {
            var b = buffers[i];
            int length = (b.Length + Alignment - 1) / Alignment * Alignment;
            var busy = placed.Where(j => buffers[j].FirstStep <= b.LastStep && b.FirstStep <= buffers[j].LastStep)
                .Select(j => (Start: offsets[j], End: offsets[j] + buffers[j].Length))
                .OrderBy(r => r.Start);
            int candidate = 0;
            foreach (var (start, end) in busy)
            {
                if (candidate + length <= start) break;
                candidate = Math.Max(candidate, (end + Alignment - 1) / Alignment * Alignment);
            }
            offsets[i] = candidate;
            placed.Add(i);
            arena = Math.Max(arena, candidate + length);
        }
        return (offsets, arena);
    }
}
