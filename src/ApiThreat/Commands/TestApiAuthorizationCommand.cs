using System.Collections;
using System.Management.Automation;
using System.Net;
using System.Text;
using ApiThreat.Engine.Assessment.Authorization;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Specs;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Tests an API's authorization with the caller's identities (BOLA, BFLA, broken authentication): writes the findings
/// (ATR-AUTHZ-*) and one AuthorizationMatrix per API. Reads only by default; -Active (confirmed) adds writes on the
/// identities' own objects and failed logins.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ApiAuthorization", DefaultParameterSetName = UrlSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Finding), typeof(AuthorizationMatrix))]
public sealed class TestApiAuthorizationCommand : NetworkCmdlet
{
    private const string UrlSet = "Url";
    private const string EndpointSet = "InputObject";

    /// <summary>Base URLs of the APIs (operation paths are appended to their path).</summary>
    [Parameter(Position = 0, ParameterSetName = UrlSet)]
    [Alias("Uri")]
    [ValidateNotNullOrEmpty]
    public string[] Url { get; set; } = Array.Empty<string>();

    /// <summary>ApiEndpoint objects (their Url and Operations), URL strings, or objects with a Url property.</summary>
    [Parameter(Mandatory = true, ParameterSetName = EndpointSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    /// <summary>
    /// The identities, by name: a hashtable of headers (@{ Authorization = 'Bearer …' }), a PSCredential (Basic), an
    /// Authorization header value, or a script block that logs in and returns headers, a token or a web session.
    /// </summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public IDictionary Identity { get; set; } = new Hashtable();

    /// <summary>Identities that are administrators (default: those whose names say admin, root, super, staff, manager).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? PrivilegedIdentity { get; set; }

    /// <summary>An OpenAPI document (file or URL) whose operations are tested.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Specification { get; set; }

    /// <summary>Further operations, "METHOD /path/{param}".</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Operation { get; set; }

    /// <summary>Also send writes: create/update of the identities' own objects, failed logins.</summary>
    [Parameter]
    public SwitchParameter Active { get; set; }

    [Parameter]
    [ValidateRange(1, 10000)]
    public int MaximumOperations { get; set; } = 500;

    [Parameter]
    [ValidateRange(1, 20)]
    public int ObjectsPerIdentity { get; set; } = 2;

    [Parameter]
    public Severity MinimumSeverity { get; set; } = Severity.Info;

    /// <summary>Per-host request rate when the user sets none: an authorization test is many requests to one host.</summary>
    internal const double DefaultRateLimit = 20;

    private readonly List<AuthIdentity> _identities = new();
    private SpecDocument? _spec;
    private ApiOperation[] _extraOperations = Array.Empty<ApiOperation>();

    protected override void OnBegin()
    {
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(RateLimit))) RateLimit = DefaultRateLimit;
        base.OnBegin();
    }

    protected override void OnNetworkReady()
    {
        _extraOperations = ParseOperations(Operation);
        var privileged = PrivilegedIdentity is null ? null : new HashSet<string>(PrivilegedIdentity, StringComparer.OrdinalIgnoreCase);
        // An [ordered] hashtable keeps the caller's column order; a plain one is sorted by name (stable output).
        var entries = Identity.Cast<DictionaryEntry>().ToList();
        if (Identity is not System.Collections.Specialized.IOrderedDictionary)
            entries = entries.OrderBy(e => e.Key?.ToString(), StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var entry in entries)
        {
            var name = entry.Key?.ToString()?.Trim();
            if (string.IsNullOrEmpty(name) || name.Equals(AuthIdentity.AnonymousName, StringComparison.OrdinalIgnoreCase) || name.Any(char.IsControl))
                Fail($"-Identity has an invalid name '{name}': use a plain name other than '{AuthIdentity.AnonymousName}' (the identity without credentials is always tested).", name);
            if (_identities.Any(i => i.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                Fail($"-Identity names '{name}' twice.", name);
            try
            {
                _identities.Add(ToIdentity(name!, entry.Value is PSObject p ? p.BaseObject : entry.Value,
                    privileged?.Contains(name!) ?? AuthIdentity.LooksPrivileged(name!)));
            }
            catch (ArgumentException ex) { Fail(ex.Message, name); }
        }
        if (_identities.Count == 0) Fail("-Identity is empty: give at least two identities, e.g. @{ alice = @{ Authorization = 'Bearer …' }; bob = … }.", null);
        if (privileged is not null)
            foreach (var p in privileged)
                if (!_identities.Any(i => i.Name.Equals(p, StringComparison.OrdinalIgnoreCase)))
                    Fail($"-PrivilegedIdentity '{p}' is not one of the -Identity names ({string.Join(", ", _identities.Select(i => i.Name))}).", p);
        if (_identities.Count(i => !i.IsPrivileged) < 2 && _identities.Count < 2)
            WriteWarning("Only one identity: objects are compared with the anonymous identity only. Give two or more identities to test object-level authorization between users.");
        if (Specification is not null)
        {
            var source = Uri.TryCreate(Specification, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? Specification : GetUnresolvedProviderPathFromPSPath(Specification);
            try
            {
                _spec = SpecificationSource.LoadAsync(Network, source, CancellationToken).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is SpecLoadException or TargetException)
            {
                var message = $"-Specification '{Specification}' could not be read: {ex.Message}";
                var error = new ErrorRecord(new ArgumentException(message, ex), "InvalidSpecification", ErrorCategory.InvalidArgument, Specification)
                { ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Give an OpenAPI 2.0/3.x document (file path or URL)." } };
                ThrowTerminatingError(error);
            }
            WriteVerbose($"Specification {_spec!.Title} {_spec.Version}: {_spec.Operations.Length} operations.");
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == UrlSet)
        {
            if (Url.Length == 0)
            {
                var server = _spec is null ? null : SpecificationSource.ServerOf(_spec, Specification!);
                if (server is null)
                    Fail("Give -Url (the API's base URL), pipe ApiEndpoint objects, or a -Specification whose servers name the API.", null);
                Assess(server!.ToString(), server, Array.Empty<ApiOperation>());
                return;
            }
            foreach (var u in Url) AssessText(u, u);
            return;
        }
        foreach (var item in InputObject)
        {
            var value = item is PSObject pso ? pso.BaseObject : item;
            switch (value)
            {
                case ApiEndpoint endpoint:
                    if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    {
                        WriteInvalid(endpoint, $"ApiEndpoint.Url '{endpoint.Url}' is not an http(s) URL.");
                        continue;
                    }
                    Assess(endpoint, uri, endpoint.Operations ?? Array.Empty<ApiOperation>());
                    break;
                case string text: AssessText(text, text); break;
                case Uri u: AssessText(u.ToString(), u); break;
                default:
                    var target = PSObject.AsPSObject(item).Properties["Url"]?.Value;
                    if (target is null) { WriteInvalid(item, "The input object has no Url property."); continue; }
                    AssessText(target.ToString()!, item);
                    break;
            }
        }
    }

    private void WriteInvalid(object target, string message) =>
        WriteError(new ErrorRecord(new ArgumentException(message), "InvalidTarget", ErrorCategory.InvalidArgument, target)
        { ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Pipe ApiEndpoint objects from Get-ApiInventory, or give -Url with the API's base URL." } });

    private void AssessText(string input, object errorTarget)
    {
        if (!ScanTarget.TryParse(input, out var target, out var error))
        {
            WriteInvalid(errorTarget, error!);
            return;
        }
        Assess(input, target!.ToUri(target.Scheme ?? "https", target.Port), Array.Empty<ApiOperation>());
    }

    private void Assess(object input, Uri uri, ApiOperation[] operations)
    {
        var all = operations.Concat(_spec?.Operations ?? Array.Empty<ApiOperation>()).Concat(_extraOperations).ToArray();
        if (all.Length == 0)
        {
            WriteError(new ErrorRecord(new ArgumentException($"No operations are known for {uri}."), "NoOperations", ErrorCategory.InvalidArgument, input)
            { ErrorDetails = new ErrorDetails($"No operations are known for {uri}.") { RecommendedAction = "Give -Specification (the API's OpenAPI document), -Operation 'GET /path/{id}', or pipe endpoints from Get-ApiInventory that list operations." } });
            return;
        }
        Network.Scope.AddImplicitHost(uri.IdnHost);
        if (Active.IsPresent && !ShouldProcess(uri.ToString(),
                $"Send write requests as {string.Join(", ", _identities.Select(i => i.Name))}: create, update and delete their own objects, failed logins"))
            return;
        var request = new AuthorizationRequest
        {
            Url = uri, Operations = all, Specification = _spec, Identities = _identities, Active = Active.IsPresent,
            MaxOperations = MaximumOperations, ObjectsPerIdentity = ObjectsPerIdentity,
        };
        var minimum = MinimumSeverity;
        Start(input, async (sink, ct) =>
        {
            // The shared pool: a per-target session keeps two connections, too few to keep a per-host rate limit busy.
            var matrix = await AuthorizationAssessor.AssessAsync(Network, request, ct).ConfigureAwait(false);
            foreach (var note in matrix.Notes) sink.Verbose($"{matrix.Url}: {note}");
            foreach (var f in matrix.Findings)
                if (f.Severity >= minimum) await sink.OutputAsync(f).ConfigureAwait(false);
            await sink.OutputAsync(matrix).ConfigureAwait(false);
        });
    }

    private AuthIdentity ToIdentity(string name, object? value, bool privileged)
    {
        switch (value)
        {
            case PSCredential credential:
                return new AuthIdentity(name, BasicHeader(credential), privileged, credential.UserName, password: credential.GetNetworkCredential().Password);
            case ScriptBlock login:
                IReadOnlyList<KeyValuePair<string, string>>? headers = null;
                try { headers = Login(name, login); }
                catch (Exception ex) when (ex is RuntimeException or ArgumentException)
                {
                    throw Terminating($"-Identity '{name}': the login script block failed: {ex.Message}", "Run the script block on its own to see why it fails.", name);
                }
                if (headers is null)
                    throw Terminating($"-Identity '{name}': the login script block returned nothing usable.",
                        "Return a hashtable of headers (@{ Authorization = \"Bearer $token\" }), a token string, or the web session (-SessionVariable).", name);
                return new AuthIdentity(name, headers, privileged, null, ct => RefreshAsync(name, login, ct));
            case IDictionary dictionary:
                return new AuthIdentity(name, Headers(name, dictionary), privileged);
            case string text when !string.IsNullOrWhiteSpace(text):
                return new AuthIdentity(name, new[] { Header(name, "Authorization", text) }, privileged);
            default:
                throw Terminating($"-Identity '{name}' is a {value?.GetType().Name ?? "null"}: give a hashtable of headers, a PSCredential, an Authorization header value or a login script block.", null, name);
        }
    }

    private async Task<IReadOnlyList<KeyValuePair<string, string>>?> RefreshAsync(string name, ScriptBlock login, CancellationToken ct)
    {
        IReadOnlyList<KeyValuePair<string, string>>? headers = null;
        await RunOnPipelineThreadAsync(() =>
        {
            try { headers = Login(name, login); }
            catch (Exception ex) when (ex is (RuntimeException or ArgumentException) and not PipelineStoppedException)
            {
                WriteWarning($"-Identity '{name}': logging in again failed ({ex.GetType().Name}); its remaining requests use the old credentials.");
            }
        }, ct).ConfigureAwait(false);
        return headers;
    }

    /// <summary>Runs a login script block (on the pipeline thread) and reads what it returns as headers.</summary>
    private IReadOnlyList<KeyValuePair<string, string>>? Login(string name, ScriptBlock login)
    {
        var result = login.Invoke(name);
        var value = result.Select(r => r?.BaseObject).LastOrDefault(r => r is not null);
        switch (value)
        {
            case IDictionary dictionary: return Headers(name, dictionary);
            case PSCredential credential: return BasicHeader(credential);
            case string token when !string.IsNullOrWhiteSpace(token):
                token = token.Trim();
                return new[] { Header(name, "Authorization", token.Contains(' ') ? token : "Bearer " + token) };
            case null: return null;
        }
        // A web session (Invoke-RestMethod -SessionVariable): its headers and cookies.
        var session = PSObject.AsPSObject(value);
        var list = new List<KeyValuePair<string, string>>();
        if (session.Properties["Headers"]?.Value is IDictionary sessionHeaders) list.AddRange(Headers(name, sessionHeaders));
        if (session.Properties["Cookies"]?.Value is CookieContainer jar && jar.Count > 0)
            list.Add(Header(name, "Cookie", string.Join("; ", jar.GetAllCookies().Select(c => c.Name + "=" + c.Value))));
        return list.Count > 0 ? list : null;
    }

    private KeyValuePair<string, string>[] Headers(string identity, IDictionary dictionary)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (DictionaryEntry e in dictionary)
            list.Add(Header(identity, e.Key?.ToString() ?? "", LanguagePrimitives.ConvertTo<string>(e.Value is PSObject p ? p.BaseObject : e.Value) ?? ""));
        if (list.Count == 0) throw new ArgumentException($"-Identity '{identity}' has no headers: give at least one, e.g. @{{ Authorization = 'Bearer …' }}.");
        return list.ToArray();
    }

    private KeyValuePair<string, string> Header(string identity, string name, string value)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => char.IsControl(c) || c is ':' or ' '))
            throw new ArgumentException($"-Identity '{identity}' has an invalid header name '{name}': use names such as Authorization, Cookie or X-Api-Key.");
        if (value.Any(c => c is '\r' or '\n'))
            throw new ArgumentException($"-Identity '{identity}': the header '{name}' has a line break in its value.");
        return new(name, value);
    }

    private static KeyValuePair<string, string>[] BasicHeader(PSCredential credential)
    {
        var pair = credential.UserName + ":" + credential.GetNetworkCredential().Password;
        return new[] { new KeyValuePair<string, string>("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair))) };
    }

    private ApiOperation[] ParseOperations(string[]? operations)
    {
        var list = new List<ApiOperation>();
        foreach (var text in operations ?? Array.Empty<string>())
        {
            var parts = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !parts[1].StartsWith('/') || !parts[0].All(char.IsAsciiLetter))
                Fail($"-Operation '{text}' is not of the form 'METHOD /path' (e.g. 'GET /notes/{{id}}').", text);
            list.Add(new ApiOperation { Method = parts[0].ToUpperInvariant(), Path = parts[1] });
        }
        return list.ToArray();
    }

    private void Fail(string message, object? target) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), "InvalidAuthorizationParameter", ErrorCategory.InvalidArgument, target));

    private ParameterBindingException Terminating(string message, string? fix, object? target)
    {
        var record = new ErrorRecord(new ArgumentException(message), "InvalidIdentity", ErrorCategory.InvalidArgument, target);
        if (fix is not null) record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = fix };
        ThrowTerminatingError(record);
        return new ParameterBindingException(message); // not reached: ThrowTerminatingError throws
    }
}
