using System.Management.Automation;

namespace ApiThreat.Infrastructure;

/// <summary>
/// Input handling shared by the cmdlets that look at TLS endpoints: host names, host:port or https URLs (bound from
/// DiscoveredHost and ApiEndpoint too), ports, SNI override; plain-HTTP input is skipped with a verbose note, each
/// host/port/SNI is handled once, and each accepted endpoint's work (<see cref="Examine"/>) runs concurrently.
/// </summary>
public abstract class TlsEndpointCmdlet : NetworkCmdlet
{
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Host names, host:port or https URLs; binds HostName (DiscoveredHost, ApiEndpoint) or Url.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Url", "Uri")]
    [ValidateNotNullOrEmpty]
    public string[] HostName { get; set; } = Array.Empty<string>();

    /// <summary>TLS ports (default: the target's own port, else 443).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    public int[]? Port { get; set; }

    /// <summary>SNI to send (and name to verify) instead of the host name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ServerName { get; set; }

    /// <summary>The piped object's scheme (ApiEndpoint): plain-HTTP endpoints have no TLS and are skipped.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? Scheme { get; set; }

    /// <summary>Why a piped plain-HTTP endpoint is skipped (verbose text).</summary>
    protected abstract string PlainHttpEndpointNote { get; }

    /// <summary>Why an http:// URL is skipped (verbose text).</summary>
    protected abstract string PlainHttpUrlNote { get; }

    /// <summary>The work for one endpoint (host as parsed, one port), set up on the pipeline thread; yields one result.</summary>
    protected abstract Func<CancellationToken, Task<object>> Examine(string host, int port);

    protected override void ProcessRecord()
    {
        if (string.Equals(Scheme, "http", StringComparison.OrdinalIgnoreCase))
        {
            WriteVerbose($"Skipping {string.Join(", ", HostName)}: {PlainHttpEndpointNote}");
            return;
        }
        foreach (var input in HostName)
        {
            if (!AcceptTarget(input, out var target)) continue;
            if (target.Scheme == "http")
            {
                WriteVerbose($"Skipping {input}: {PlainHttpUrlNote}");
                continue;
            }
            var ports = Port is { Length: > 0 } ? Port : new[] { target.Port ?? 443 };
            foreach (var port in ports)
            {
                if (!_seen.Add($"{target.Host}|{port}|{ServerName}")) continue;
                var work = Examine(target.Host, port);
                Start($"{target.Host}:{port}", async (sink, ct) => await sink.OutputAsync(await work(ct).ConfigureAwait(false)).ConfigureAwait(false));
            }
        }
    }
}
