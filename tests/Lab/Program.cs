using ApiThreat.Lab;

// dotnet ApiThreat.Lab.dll -Manifest <path> [-DnsPort n] [-HttpPort n] [-HttpsPort n]
// Starts the Lab, writes the manifest, and runs until stdin closes, the parent process exits, or Ctrl+C.
string? manifest = null;
int dnsPort = 0, httpPort = 0, httpsPort = 0, parent = 0;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i].TrimStart('-').ToLowerInvariant())
    {
        case "manifest": manifest = args[++i]; break;
        case "dnsport": dnsPort = int.Parse(args[++i]); break;
        case "httpport": httpPort = int.Parse(args[++i]); break;
        case "httpsport": httpsPort = int.Parse(args[++i]); break;
        case "parentprocessid": parent = int.Parse(args[++i]); break;
    }
}
if (manifest is null)
{
    Console.Error.WriteLine("Usage: ApiThreat.Lab -Manifest <path> [-DnsPort n] [-HttpPort n] [-HttpsPort n] [-ParentProcessId n]");
    return 2;
}
await using var lab = await LabHost.StartAsync(dnsPort, httpPort, httpsPort);
lab.WriteManifest(manifest);
Console.WriteLine($"Lab ready: DNS {lab.Resolver}, HTTP {lab.Web.HttpPort}, HTTPS {lab.Web.HttpsPort}, {lab.Scenarios.Count} scenarios");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
if (parent > 0)
{
    _ = Task.Run(async () =>
    {
        try { using var p = System.Diagnostics.Process.GetProcessById(parent); await p.WaitForExitAsync(stop.Token); } catch { }
        stop.Cancel();
    });
}
try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
return 0;
