using System.Management.Automation;
using ApiThreat.Engine.Discovery;
using ApiThreat.Engine.Net;
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
    [ValidateSet("GET", "HEAD", "OPTIONS")]
    public string Method { get; set; } = "GET";

    /// <summary>Report the first response instead of following redirects.</summary>
    [Parameter]
    public SwitchParameter NoRedirect { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var input in Url)
        {
            if (!ScanTarget.TryParse(input, out var target, out var error))
            {
                WriteError(new ErrorRecord(new ArgumentException(error), "InvalidTarget", ErrorCategory.InvalidArgument, input)
                { ErrorDetails = new ErrorDetails(error) { RecommendedAction = "Give a host name, host:port or an http(s) URL." } });
                continue;
            }
            Network.Scope.AddImplicitHost(target!.Host);
            var ports = Port is { Length: > 0 } ? Port.Cast<int?>().ToArray() : new int?[] { null };
            foreach (var port in ports)
            {
                var t = target;
                Start(input, async (sink, ct) =>
                {
                    var (probe, _) = await WebProbe.ProbeAsync(Network, t, port, Method, !NoRedirect.IsPresent, ct).ConfigureAwait(false);
                    await sink.OutputAsync(probe).ConfigureAwait(false);
                });
            }
        }
    }
}
