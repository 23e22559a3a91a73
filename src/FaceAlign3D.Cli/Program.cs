using FaceAlign3D.Cli;

StartupReport.MarkMain();
var services = CliServices.Default;
int code = await CliApp.RunAsync(args, services);
if (StartupReport.Requested)
    StartupReport.Write(services.Error);
return code;
