using ApiThreat.Engine.Net;
using ApiThreat.Engine.Specs;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>
/// One Test-ApiAuthorization call: the identities, specification and options every API of the call shares. Builds
/// each API's request (its own operations, the specification's, -Operation's) and runs it, handing on the findings of
/// the wanted severity and then the matrix.
/// </summary>
public sealed class AuthorizationRun
{
    public required IReadOnlyList<AuthIdentity> Identities { get; init; }
    public SpecDocument? Specification { get; init; }
    public IReadOnlyList<ApiOperation> ExtraOperations { get; init; } = Array.Empty<ApiOperation>();
    public bool Active { get; init; }
    public int MaxOperations { get; init; } = 500;
    public int ObjectsPerIdentity { get; init; } = 2;
    public int PlainHttpPort { get; init; } = 80;
    public Severity MinimumSeverity { get; init; } = Severity.Info;

    /// <summary>The operations tested on an API that lists <paramref name="own"/>; empty = nothing to test.</summary>
    public ApiOperation[] OperationsFor(IEnumerable<ApiOperation> own) =>
        own.Concat(Specification?.Operations ?? Array.Empty<ApiOperation>()).Concat(ExtraOperations).ToArray();

    public static string NoOperationsMessage(Uri url) => $"No operations are known for {url}.";

    /// <summary>Per-host request rate when the user sets none: an authorization test is many requests to one host.</summary>
    public const double DefaultRateLimit = 20;

    public const string NoOperationsFix = "Give -Specification (the API's OpenAPI document), -Operation 'GET /path/{id}', or pipe endpoints from Get-ApiInventory that list operations.";

    public string ActiveAction => $"Send write requests as {string.Join(", ", Identities.Select(i => i.Name))}: create, update and delete their own objects, failed logins";

    /// <summary>Tests one API; its notes go to <paramref name="verbose"/>, its findings and matrix to <paramref name="output"/>.</summary>
    public async Task RunAsync(NetworkContext network, Uri url, ApiOperation[] operations, Func<object, ValueTask> output,
        Action<string> verbose, Action<string, int>? progress, CancellationToken cancellationToken)
    {
        var request = new AuthorizationRequest
        {
            Url = url, Operations = operations, Specification = Specification, Identities = Identities, Active = Active,
            MaxOperations = MaxOperations, ObjectsPerIdentity = ObjectsPerIdentity, PlainHttpPort = PlainHttpPort, Progress = progress,
        };
        // The shared pool: a per-target session keeps two connections, too few to keep a per-host rate limit busy.
        var matrix = await AuthorizationAssessor.AssessAsync(network, request, cancellationToken).ConfigureAwait(false);
        foreach (var note in matrix.Notes) verbose($"{matrix.Url}: {note}");
        foreach (var f in matrix.Findings)
            if (f.Severity >= MinimumSeverity) await output(f).ConfigureAwait(false);
        await output(matrix).ConfigureAwait(false);
    }
}
