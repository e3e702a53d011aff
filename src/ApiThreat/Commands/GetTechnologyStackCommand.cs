using System.Collections;
using System.Management.Automation;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Discovery;
using ApiThreat.Engine.Fingerprints;
using ApiThreat.Engine.Net;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Identifies the technologies behind URLs (servers, frameworks, gateways, CDNs/WAFs, identity providers, libraries)
/// from our fingerprint database, with versions, CPE names and findings for end-of-life or vulnerable versions.
/// </summary>
// The pipeline set is the default so that piped objects bind by value to -InputObject first: a response that
// carries Headers (HttpProbe) is then analysed as it is, instead of binding its Url by name and fetching again.
[Cmdlet(VerbsCommon.Get, "TechnologyStack", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(Technology))]
public sealed class GetTechnologyStackCommand : NetworkCmdlet
{
    private const string UrlSet = "Url";
    private const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = UrlSet)]
    [Alias("HostName", "Uri")]
    [ValidateNotNullOrEmpty]
    public string[] Url { get; set; } = Array.Empty<string>();

    /// <summary>Already-fetched responses (HttpProbe, Invoke-WebRequest results, or objects with Url, Headers, Body),
    /// analysed without a request; objects with only a Url or HostName are fetched.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    [Parameter]
    public TechnologyScanDepth Depth { get; set; } = TechnologyScanDepth.Standard;

    /// <summary>Extra fingerprint files or folders in the Wappalyzer JSON schema.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? FingerprintPath { get; set; }

    private TechnologyStack _stack = null!;

    protected override string ProgressActivity => "Identifying technologies";

    protected override void OnNetworkReady()
    {
        var dataDirectory = Path.Combine(ModuleBase(), "data", "fingerprints");
        var extra = (FingerprintPath ?? Array.Empty<string>()).Select(GetUnresolvedProviderPathFromPSPath).ToList();
        try { _stack = TechnologyStack.Load(dataDirectory, extra); }
        catch (FormatException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidVulnerableVersionTable", ErrorCategory.InvalidData, dataDirectory));
            return;
        }
        foreach (var error in _stack.Database.Errors)
        {
            WriteError(new ErrorRecord(new InvalidDataException(error.ToString()), "InvalidFingerprint", ErrorCategory.InvalidData, error.File)
            {
                ErrorDetails = new ErrorDetails(error.ToString())
                {
                    RecommendedAction = error.Technology is null
                        ? "Fix or remove the file: it must be a JSON object of technology name → definition (Wappalyzer schema). The other files were loaded."
                        : "Fix that technology's definition (a pattern must be a valid .NET regular expression). The other technologies were loaded.",
                },
            });
        }
        WriteVerbose($"Loaded {_stack.Database.Technologies.Count} technologies ({_stack.Database.PatternCount} patterns) in {_stack.Database.LoadTime.TotalMilliseconds:0} ms.");
    }

    private string ModuleBase()
    {
        var fromModule = MyInvocation.MyCommand.Module?.ModuleBase;
        return !string.IsNullOrEmpty(fromModule) ? fromModule : Path.GetDirectoryName(typeof(GetTechnologyStackCommand).Assembly.Location)!;
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == UrlSet)
        {
            foreach (var input in Url) Fetch(input, input);
            return;
        }
        foreach (var raw in InputObject)
        {
            if (raw is null) continue;
            var item = PSObject.AsPSObject(raw);
            if (item.BaseObject is string s) { Fetch(s, s); continue; }
            if (ResponseInput.TryRead(item, out var evidence, out var url))
            {
                Start(url ?? (object)item, (sink, _) => Output(sink, evidence!));
                continue;
            }
            if (url is not null) { Fetch(url, item); continue; }
            WriteError(new ErrorRecord(new ArgumentException("The input object has neither a Url/HostName nor response Headers."),
                "InvalidTechnologyInput", ErrorCategory.InvalidArgument, item)
            { ErrorDetails = new ErrorDetails("The input object has neither a Url/HostName nor response Headers.") { RecommendedAction = "Pipe URLs, ApiEndpoint or HttpProbe objects, or objects with Url, Headers and Body." } });
        }
    }

    private void Fetch(string input, object targetObject)
    {
        if (!ScanTarget.TryParse(input, out var target, out var error))
        {
            WriteError(new ErrorRecord(new ArgumentException(error), "InvalidTarget", ErrorCategory.InvalidArgument, targetObject)
            { ErrorDetails = new ErrorDetails(error) { RecommendedAction = "Give a host name, host:port or an http(s) URL." } });
            return;
        }
        Network.Scope.AddImplicitHost(target!.Host);
        var deep = Depth == TechnologyScanDepth.Deep;
        Start(input, async (sink, ct) =>
        {
            var schemes = target.Scheme is not null ? new[] { target.Scheme } : new[] { "https", "http" };
            TargetException? last = null;
            foreach (var scheme in schemes)
            {
                try
                {
                    var evidence = await WebProbe.FetchEvidenceAsync(Network, target.ToUri(scheme), deep, ct).ConfigureAwait(false);
                    await Output(sink, evidence).ConfigureAwait(false);
                    return;
                }
                catch (OutOfScopeException) { throw; }
                catch (TargetException ex) when (schemes.Length > 1 && ex.Kind is TargetErrorKind.ConnectionError or TargetErrorKind.Timeout)
                {
                    last = ex;
                }
            }
            throw last!;
        });
    }

    private async Task Output(ResultSink sink, ResponseEvidence evidence)
    {
        var warnings = new List<string>();
        var technologies = _stack.Identify(evidence, warnings.Add);
        foreach (var warning in warnings) await sink.WarningAsync(warning).ConfigureAwait(false);
        foreach (var technology in technologies) await sink.OutputAsync(technology).ConfigureAwait(false);
    }
}

/// <summary>Reads an already-fetched response from a piped object by property name (no parsing of our own formats).</summary>
internal static class ResponseInput
{
    private static readonly Regex s_cookieSplit = new(@",\s*(?=[^;,=\s]+=)", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>True when the object carries response headers; <paramref name="url"/> is its Url or HostName either way.</summary>
    public static bool TryRead(PSObject item, out ResponseEvidence? evidence, out string? url)
    {
        evidence = null;
        url = Text(item, "Url") ?? Text(item, "Uri") ?? Text(item, "HostName") ??
            (item.Properties["BaseResponse"]?.Value is PSObject or not null ? RequestUri(item) : null);
        var headersValue = item.Properties["Headers"]?.Value;
        if (headersValue is null) return false;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in Pairs(headersValue))
        {
            if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) && item.BaseObject is HttpProbe)
                foreach (var part in s_cookieSplit.Split(value)) headers.Add(new(name, part));
            else headers.Add(new(name, value));
        }
        var body = Text(item, "Body") ?? Text(item, "Content") ?? "";
        if (item.Properties["Body"]?.Value is byte[] bytes) body = System.Text.Encoding.UTF8.GetString(bytes);
        var cookies = new List<KeyValuePair<string, string>>();
        if (item.Properties["Cookies"]?.Value is { } cookieValue) cookies.AddRange(Pairs(cookieValue));
        evidence = new ResponseEvidence
        {
            Url = url ?? "",
            StatusCode = item.Properties["StatusCode"]?.Value is { } sc && int.TryParse(sc.ToString(), out var code) ? code : 0,
            Headers = headers,
            Cookies = cookies,
            Body = body,
            Title = Text(item, "Title"),
            CertificateIssuer = Text(item, "CertificateIssuer"),
        };
        return true;
    }

    private static string? RequestUri(PSObject item)
    {
        try
        {
            var response = PSObject.AsPSObject(item.Properties["BaseResponse"].Value);
            var request = response.Properties["RequestMessage"]?.Value;
            return request is null ? null : PSObject.AsPSObject(request).Properties["RequestUri"]?.Value?.ToString();
        }
        catch (GetValueInvocationException) { return null; }
    }

    private static string? Text(PSObject item, string name)
    {
        var value = item.Properties[name]?.Value;
        if (value is PSObject ps) value = ps.BaseObject;
        return value switch
        {
            null => null,
            string s => s,
            Uri u => u.ToString(),
            _ => value.ToString(),
        };
    }

    /// <summary>name → value pairs from a dictionary (values may be lists) or from an object's properties.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Pairs(object value)
    {
        if (value is PSObject ps) value = ps.BaseObject;
        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry e in dictionary)
                foreach (var v in Values(e.Value)) yield return new(e.Key.ToString() ?? "", v);
            yield break;
        }
        if (value is PSCustomObject)
        {
            foreach (var p in PSObject.AsPSObject(value).Properties)
                foreach (var v in Values(p.Value)) yield return new(p.Name, v);
            yield break;
        }
        if (value is IEnumerable list and not string)
        {
            foreach (var entry in list)
            {
                var o = PSObject.AsPSObject(entry);
                var name = (o.Properties["Name"] ?? o.Properties["Key"])?.Value?.ToString();
                if (name is not null) foreach (var v in Values(o.Properties["Value"]?.Value)) yield return new(name, v);
            }
        }
    }

    private static IEnumerable<string> Values(object? value)
    {
        if (value is PSObject ps) value = ps.BaseObject;
        switch (value)
        {
            case null: yield break;
            case string s: yield return s; break;
            case IEnumerable e: foreach (var v in e) if (v is not null) yield return v.ToString()!; break;
            default: yield return value.ToString()!; break;
        }
    }
}
