using System.Collections;
using System.Management.Automation;
using ApiThreat.Engine.Assessment.Api;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Assesses live APIs from outside for the OWASP API Security Top 10 (ATR-API-*): passive by default (reads only),
/// active checks (-Active: canaries, adjacent reads, a bounded burst) only when asked and confirmed.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ApiSecurity", DefaultParameterSetName = UrlSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Finding))]
public sealed class TestApiSecurityCommand : NetworkCmdlet
{
    private const string UrlSet = "Url";
    private const string EndpointSet = "InputObject";

    /// <summary>API URLs, or host names (https:// is assumed).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UrlSet)]
    [Alias("Uri")]
    [ValidateNotNullOrEmpty]
    public string[] Url { get; set; } = Array.Empty<string>();

    /// <summary>
    /// Pipeline input: ApiEndpoint objects (their Operations guide the checks), URL or host strings, or any object
    /// with a Url (or HostName) property. One pipeline parameter, so binding never depends on which property wins.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = EndpointSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    /// <summary>Also run the active checks: injection canaries, adjacent-identifier reads, the rate-limit burst.</summary>
    [Parameter]
    public SwitchParameter Active { get; set; }

    /// <summary>Requests in the rate-limit burst (-Active).</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int BurstSize { get; set; } = 50;

    /// <summary>Headers for authenticated requests (e.g. @{ Authorization = 'Bearer ...' }); never written to output or logs.</summary>
    [Parameter]
    [ValidateNotNull]
    public IDictionary? Header { get; set; }

    /// <summary>Only findings of this severity or worse.</summary>
    [Parameter]
    public Severity MinimumSeverity { get; set; } = Severity.Info;

    private KeyValuePair<string, string>[] _headers = Array.Empty<KeyValuePair<string, string>>();

    /// <summary>Per-host request rate of active runs when the user sets none: probing stays polite by default.</summary>
    internal const double DefaultActiveRateLimit = 20;

    protected override void OnBegin()
    {
        if (Active.IsPresent && !MyInvocation.BoundParameters.ContainsKey(nameof(RateLimit))) RateLimit = DefaultActiveRateLimit;
        base.OnBegin();
    }

    protected override void OnNetworkReady()
    {
        if (Header is null) return;
        var list = new List<KeyValuePair<string, string>>();
        foreach (DictionaryEntry e in Header)
        {
            var name = e.Key?.ToString();
            if (string.IsNullOrWhiteSpace(name) || name.Any(c => char.IsControl(c) || c == ':'))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Header has an invalid header name '{name}'."), "InvalidHeader", ErrorCategory.InvalidArgument, name));
            var value = LanguagePrimitives.ConvertTo<string>(e.Value is PSObject p ? p.BaseObject : e.Value) ?? "";
            if (value.Any(c => c is '\r' or '\n'))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Header '{name}' has a line break in its value."), "InvalidHeader", ErrorCategory.InvalidArgument, name));
            list.Add(new(name!, value));
        }
        _headers = list.ToArray();
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == UrlSet)
        {
            foreach (var input in Url) AssessText(input, input);
            return;
        }
        foreach (var item in InputObject)
        {
            var value = ModelRehydrator.Unwrap(item);
            switch (value)
            {
                case ApiEndpoint endpoint:
                    AssessText(endpoint.Url, endpoint, endpoint.Kind, endpoint.Operations ?? Array.Empty<ApiOperation>());
                    break;
                case string or Uri:
                    AssessText(value.ToString()!, value);
                    break;
                default:
                    var wrapped = PSObject.AsPSObject(item);
                    if ((wrapped.Properties["Url"]?.Value ?? wrapped.Properties["HostName"]?.Value) is { } target) AssessText(target.ToString()!, item);
                    else WriteError(InputErrors.InvalidInput(item, "Url or HostName property", "ApiEndpoint objects, URLs, or objects with a Url property"));
                    break;
            }
        }
    }

    private void AssessText(string input, object errorTarget, EndpointKind kind = EndpointKind.Unknown, ApiOperation[]? operations = null)
    {
        if (!AcceptTarget(input, out var target, errorTarget)) return;
        Assess(errorTarget, target.ToUri(target.Scheme ?? "https", target.Port), kind, operations ?? Array.Empty<ApiOperation>());
    }

    private void Assess(object input, Uri uri, EndpointKind kind, ApiOperation[] operations)
    {
        var active = Active.IsPresent;
        if (active && !ShouldProcess(uri.ToString(), $"Send active probes (injection canaries, malformed JSON bodies, adjacent-identifier reads, one marker object written to an open collection and deleted again, a burst of {BurstSize} requests)"))
            return;
        var request = new ApiSecurityRequest
        {
            Url = uri, Kind = kind, Operations = operations, Active = active, BurstSize = BurstSize, AuthHeaders = _headers,
        };
        var minimum = MinimumSeverity;
        Start(input, async (sink, ct) =>
        {
            var findings = await ApiSecurityScanner.ScanAsync(Network, request, ct).ConfigureAwait(false);
            foreach (var f in findings.OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal))
                if (f.Severity >= minimum) await sink.OutputAsync(f).ConfigureAwait(false);
        });
    }
}
