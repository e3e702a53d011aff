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

    private AuthorizationRun _run = null!;
    private int _apis;
    private SpecDocument? _spec;

    protected override double DefaultRateLimit => AuthorizationRun.DefaultRateLimit;

    protected override void OnNetworkReady()
    {
        ApiOperation[] extra = Array.Empty<ApiOperation>();
        try { extra = IdentityHeaders.ParseOperations(Operation); }
        catch (ArgumentException ex) { ThrowTerminatingError(InputErrors.Parameter(ex.Message, "InvalidAuthorizationParameter", Operation)); }
        var identities = new IdentityBinder(this).Bind(Identity, PrivilegedIdentity);
        _spec = Specification is null ? null : LoadSpecification(Specification, CancellationToken);
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
            var input = ApiInput.From(item);
            if (input.Text is null) WriteInvalid(item, "The input object has no Url property.");
            else if (input.UrlProperty is null) AssessText(input.Text, input.ErrorTarget);
            else if (Uri.TryCreate(input.Text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") Assess(input.ErrorTarget, uri, input.Operations);
            else WriteInvalid(input.ErrorTarget, $"{input.UrlProperty} '{input.Text}' is not an http(s) URL.");
        }
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
