using FaceAlign3D.Cli;

StartupReport.MarkMain();
int code = await CliApp.RunAsync(args);
StartupReport.WriteIfRequested();
return code;
