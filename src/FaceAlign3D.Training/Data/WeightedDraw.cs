namespace FaceAlign3D.Training.Data;

/// <summary>
/// One epoch's draw from weighted lists: round(weight share x count) items from every list (cycling through a
/// shuffled order of its items), then the lot shuffled. The order depends only on the generator.
/// </summary>
public static class WeightedDraw
{
    public static T[] Epoch<T>(IEnumerable<(IReadOnlyList<T> Items, double Weight)> parts, int count, Random random)
    {
        var lists = parts.ToArray();
        double total = lists.Sum(p => p.Weight);
        var plan = new List<T>(count);
        foreach (var (items, weight) in lists)
        {
            if (items.Count == 0 || weight <= 0) continue;
            int share = (int)Math.Round(weight / total * count);
            var order = items.ToArray();
            for (int i = 0; i < share; i++)
            {
                if (i % order.Length == 0) random.Shuffle(order);
                plan.Add(order[i % order.Length]);
            }
        }
        var shuffled = plan.ToArray();
        random.Shuffle(shuffled);
        return shuffled;
    }
}
