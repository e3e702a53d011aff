using System.Management.Automation;
using ApiThreat.Engine.Discovery;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>Probes URLs or hosts (HTTPS, then HTTP) and reports status, title, server, redirects and TLS facts.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "HttpProbe")]
[OutputType(typeof(HttpProbe))]
public sealed class InvokeHttpProbeCommand : NetworkCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("HostName", "Uri")]
    [ValidateNotNullOrEmpty]
    public string[] Url { get; set; } = Array.Empty<string>();

    /// <summary>Ports to probe on each host (default: the URL's port, else 443 then 80).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    public int[]? Port { get; set; }

    [Parameter]
    public HttpProbeMethod Method { get; set; } = HttpProbeMethod.Get;

    /// <summary>Report the first response instead of following redirects.</summary>
    [Parameter]
    public SwitchParameter NoRedirect { get; set; }

    protected override void ProcessRecord()
    {
        var method = Method.ToString().ToUpperInvariant();
        foreach (var input in Url)
        {
            if (!AcceptTarget(input, out var target)) continue;
            foreach (var port in Port is { Length: > 0 } ? Port.Cast<int?>() : new int?[] { null })
            {
                Start(input, async (sink, ct) =>
                {
                    var (probe, _) = await WebProbe.ProbeAsync(Network, target, port, method, !NoRedirect.IsPresent, ct).ConfigureAwait(false);
                    await sink.OutputAsync(probe).ConfigureAwait(false);
                });
            }
        }
    }
}
