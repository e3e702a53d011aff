using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-024: Supervisor's XML-RPC interface open without credentials. Asked only of an origin that answers like
/// Supervisor (its Medusa Server header, or supervisor.* methods in the inventory): two reads, supervisor.getState and
/// supervisor.getAllProcessInfo (https://supervisord.org/api.html). Process names, states and their number; never a
/// command line, a log or a control call.
/// </summary>
public sealed class SupervisorOpenCheck : IAsyncCheck<ApiProbe>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { OpsServerRules.OpenSupervisor };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        if (!MaybeSupervisor(probe)) return Array.Empty<Finding>();
        var rpc = new Uri(ApiProbe.Origin(probe.Request.Url), "/RPC2");
        var state = await CallAsync(probe, rpc, "supervisor.getState", 64 * 1024).ConfigureAwait(false);
        // With username and password set, every request answers 401 with a Basic challenge.
        if (state is not { StatusCode: 200 } || XmlRpc.Response(state.Body) is not Dictionary<string, object?> s || s.GetValueOrDefault("statename") is not string stateName)
            return Array.Empty<Finding>();
        var info = await CallAsync(probe, rpc, "supervisor.getAllProcessInfo", 2 * 1024 * 1024).ConfigureAwait(false);
        var processes = info is { StatusCode: 200 } ? Processes(info.Body) : null;
        var listed = processes is null ? "" : $"; supervisor.getAllProcessInfo lists {Describe(processes)}";
        return new[]
        {
            probe.Finding(OpsServerRules.OpenSupervisor, "/RPC2",
                $"POST /RPC2 supervisor.getState answered without credentials (supervisord {Clean(stateName, 20)}){listed}", Confidence.Confirmed),
        };
    }

    /// <summary>
    /// One read call. Medusa answers 400 on a connection where an earlier refused POST left its body unread: the call
    /// closes its connection, so a 400 is asked again on another, at most three times.
    /// </summary>
    private static async Task<HttpProbeResult?> CallAsync(ApiProbe probe, Uri rpc, string method, long cap)
    {
        HttpProbeResult? r;
        var attempt = 0;
        do r = await probe.SendAsync(rpc, "POST", body: XmlRpc.Call(method), contentType: XmlRpc.ContentType, headers: XmlRpc.CloseConnection, maxBodyBytes: cap).ConfigureAwait(false);
        while (r is { StatusCode: 400 } && ++attempt < 3);
        return r;
    }

    private static bool MaybeSupervisor(ApiProbe probe)
    {
        if (probe.Request.Operations.Any(o => o.Path.StartsWith("supervisor.", StringComparison.Ordinal))) return true;
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response));
        return seen.Any(r => r?.Header("Server") is { } server && server.StartsWith("Medusa/", StringComparison.Ordinal));
    }

    private static string Describe(IReadOnlyList<(string Name, string State)> processes) =>
        processes.Count == 0 ? "no process"
            : $"{processes.Count} process(es): " + string.Join(", ", processes.Take(8).Select(p => $"{Clean(p.Name, 60)} ({Clean(p.State, 20)})"))
              + (processes.Count > 8 ? ", ..." : "");

    /// <summary>The name and state of each process of a getAllProcessInfo answer; null when the body is not one.</summary>
    public static IReadOnlyList<(string Name, string State)>? Processes(byte[] body)
    {
        if (XmlRpc.Response(body) is not List<object?> list) return null;
        var processes = new List<(string, string)>();
        foreach (var item in list)
        {
            if (item is not Dictionary<string, object?> p || p.GetValueOrDefault("name") is not string name) return null;
            processes.Add((name, p.GetValueOrDefault("statename") as string ?? "unknown"));
        }
        return processes;
    }

    private static string Clean(string s, int max) => TextSafety.Truncate(TextSafety.StripControl(s.Trim()), max);
}
