using System.Collections;
using System.Management.Automation;
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

    /// <summary>The port where the API's host serves plain HTTP (default 80), for the credentials-over-HTTP check of -Active.</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int PlainHttpPort { get; set; } = 80;

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

    private AuthorizationRun _run = null!;
    private int _apis;
    private SpecDocument? _spec;

    protected override void OnBegin()
    {
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(RateLimit))) RateLimit = DefaultRateLimit;
        base.OnBegin();
    }

    protected override void OnNetworkReady()
    {
        ApiOperation[] extra = Array.Empty<ApiOperation>();
        try { extra = IdentityHeaders.ParseOperations(Operation); }
        catch (ArgumentException ex) { ThrowTerminatingError(InputErrors.Parameter(ex.Message, "InvalidAuthorizationParameter", Operation)); }
        var identities = new IdentityBinder(this).Bind(Identity, PrivilegedIdentity);
        if (Specification is not null)
        {
            var source = Uri.TryCreate(Specification, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? Specification : GetUnresolvedProviderPathFromPSPath(Specification);
            try { _spec = SpecificationSource.LoadAsync(Network, source, CancellationToken).GetAwaiter().GetResult(); }
            catch (Exception ex) when (ex is SpecLoadException or TargetException)
            {
                ThrowTerminatingError(InputErrors.Parameter($"-Specification '{Specification}' could not be read: {ex.Message}", "InvalidSpecification", Specification,
                    "Give an OpenAPI 2.0/3.x document (file path or URL).", ex));
            }
            WriteVerbose($"Specification {_spec!.Title} {_spec.Version}: {_spec.Operations.Length} operations.");
        }
        _run = new AuthorizationRun
        {
            Identities = identities, Specification = _spec, ExtraOperations = extra, Active = Active.IsPresent, MaxOperations = MaximumOperations,
            ObjectsPerIdentity = ObjectsPerIdentity, PlainHttpPort = PlainHttpPort, MinimumSeverity = MinimumSeverity,
        };
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == UrlSet && Url.Length == 0)
        {
            var server = _spec is null ? null : SpecificationSource.ServerOf(_spec, Specification!);
            if (server is null)
                ThrowTerminatingError(InputErrors.Parameter("Give -Url (the API's base URL), pipe ApiEndpoint objects, or a -Specification whose servers name the API.",
                    "InvalidAuthorizationParameter", null));
            Assess(server!.ToString(), server, Array.Empty<ApiOperation>());
            return;
        }
        foreach (var item in ParameterSetName == UrlSet ? Url : InputObject)
        {
            switch (item is PSObject pso ? pso.BaseObject : item)
            {
                case ApiEndpoint endpoint: AssessUrl(endpoint, endpoint.Url, endpoint.Operations ?? Array.Empty<ApiOperation>(), "ApiEndpoint.Url"); break;
                case string text: AssessText(text, text); break;
                case Uri uri: AssessText(uri.ToString(), uri); break;
                default:
                    // An ApiEndpoint that went through Import-Clixml, a job or remoting: its Url and its Operations.
                    var wrapped = PSObject.AsPSObject(item);
                    if (wrapped.Properties["Url"]?.Value is not { } target) { WriteInvalid(item, "The input object has no Url property."); continue; }
                    var operations = OperationInput.From(wrapped.Properties["Operations"]?.Value);
                    if (operations.Length == 0) AssessText(target.ToString()!, item);
                    else AssessUrl(item, target.ToString(), operations, "Url");
                    break;
            }
        }
    }

    private void AssessUrl(object input, string? url, ApiOperation[] operations, string what)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") Assess(input, uri, operations);
        else WriteInvalid(input, $"{what} '{url}' is not an http(s) URL.");
    }

    private void WriteInvalid(object target, string message) =>
        WriteError(new ErrorRecord(new ArgumentException(message), "InvalidTarget", ErrorCategory.InvalidArgument, target)
        { ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Pipe ApiEndpoint objects from Get-ApiInventory, or give -Url with the API's base URL." } });

    private void AssessText(string input, object errorTarget)
    {
        if (ScanTarget.TryParse(input, out var target, out var error)) Assess(input, target!.ToUri(target.Scheme ?? "https", target.Port), Array.Empty<ApiOperation>());
        else WriteInvalid(errorTarget, error!);
    }

    private void Assess(object input, Uri uri, ApiOperation[] operations)
    {
        var all = _run.OperationsFor(operations);
        if (all.Length == 0)
        {
            var message = AuthorizationRun.NoOperationsMessage(uri);
            WriteError(new ErrorRecord(new ArgumentException(message), "NoOperations", ErrorCategory.InvalidArgument, input)
            { ErrorDetails = new ErrorDetails(message) { RecommendedAction = AuthorizationRun.NoOperationsFix } });
            return;
        }
        Network.Scope.AddImplicitHost(uri.IdnHost);
        if (Active.IsPresent && !ShouldProcess(uri.ToString(), _run.ActiveAction)) return;
        var progressId = 0x4A550 + (_apis++ % 1000);
        var activity = $"Test-ApiAuthorization {uri}";
        Start(input, async (sink, ct) =>
        {
            // A new record each time: the sink hands records to the pipeline thread later.
            await _run.RunAsync(Network, uri, all, sink.OutputAsync, sink.Verbose,
                (phase, sent) => sink.Progress(new ProgressRecord(progressId, activity, $"{phase}: {sent} requests sent")), ct).ConfigureAwait(false);
            sink.Progress(new ProgressRecord(progressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        });
    }
}
