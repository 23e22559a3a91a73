using FaceAlign3D.Fuzz;
using SharpFuzz;

// run: the afl-fuzz entry (SharpFuzz's fork server); seeds: writes the starting corpus; replay: runs saved inputs once each.
if (args is ["run", var name])
{
    var target = ParserTargets.Find(name);
    Fuzzer.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target.Run(buffer.ToArray());
    });
    return 0;
}
if (args is ["seeds", var seedTarget, var folder])
{
    Directory.CreateDirectory(folder);
    foreach (var (file, data) in SeedCorpus.For(ParserTargets.Find(seedTarget).Name))
        File.WriteAllBytes(Path.Combine(folder, file), data);
    return 0;
}
if (args is ["replay", var replayTarget, .. var files])
{
    var target = ParserTargets.Find(replayTarget);
    int failed = 0;
    foreach (var file in files)
    {
        try { Console.WriteLine($"{file}: {target.Run(File.ReadAllBytes(file))?.Message ?? "accepted"}"); }
        catch (Exception e)
        {
            failed++;
            Console.Error.WriteLine($"{file}: {e}");
        }
    }
    return failed == 0 ? 0 : 1;
}
Console.Error.WriteLine("usage: FaceAlign3D.Fuzz run TARGET | seeds TARGET DIR | replay TARGET FILE...");
Console.Error.WriteLine("targets: " + string.Join(", ", ParserTargets.All.Select(t => t.Name)));
return 2;
