using FaceAlign3D.Cli;

return await CliApp.RunAsync(args);
