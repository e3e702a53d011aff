using ApiThreat.Engine.Net;
using ApiThreat.Engine.Specs;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>What Test-ApiAuthorization asks of the engine for one API.</summary>
public sealed class AuthorizationRequest
{
    /// <summary>The API's base URL: operation paths are appended to its path.</summary>
    public required Uri Url { get; init; }
    public IReadOnlyList<ApiOperation> Operations { get; init; } = Array.Empty<ApiOperation>();
    /// <summary>The specification the operations came from, when there is one (schemas, scopes, servers).</summary>
    public SpecDocument? Specification { get; init; }
    /// <summary>The caller's identities (two or more); the anonymous identity is added by the engine.</summary>
    public required IReadOnlyList<AuthIdentity> Identities { get; init; }
    /// <summary>Also send writes: create/update of the identities' own objects, failed logins, credentials over plain HTTP.</summary>
    public bool Active { get; init; }
    /// <summary>Most operations requested.</summary>
    public int MaxOperations { get; init; } = 500;
    /// <summary>Most objects of each identity an operation is requested with.</summary>
    public int ObjectsPerIdentity { get; init; } = 2;
    /// <summary>Requests of one API in flight at once (the per-host rate limit still applies).</summary>
    public int Parallelism { get; init; } = 8;
}

/// <summary>What an asynchronous authorization check is given: the matrix evidence, and the client to ask more.</summary>
public sealed class AuthorizationContext
{
    public required AuthorizationEvidence Evidence { get; init; }
    public required AuthorizationClient Client { get; init; }
    public required AuthorizationRequest Request { get; init; }
    /// <summary>Notes for the matrix (what a check could not do and why).</summary>
    public List<string> Notes { get; } = new();

    public void Note(string text)
    {
        lock (Notes) Notes.Add(Evidence.Scrubber.Scrub(text));
    }

    /// <summary>An operation's path under the API's base path (the template the matrix and the catalogue use).</summary>
    public string TemplateOf(ApiOperation op) => Evidence.BaseUrl.AbsolutePath.TrimEnd('/') + "/" + op.Path.TrimStart('/');

    /// <summary>The absolute URL of a path on the API's origin.</summary>
    public Uri UrlOf(string path) => new(Evidence.BaseUrl.GetLeftPart(UriPartial.Authority) + path);

    /// <summary>
    /// A request that tells this identity's credentials apart: it succeeds as the identity and is refused without
    /// credentials. Function-level operations first (they do not depend on objects), "who am I" operations before all.
    /// </summary>
    public MatrixEntry? ProbeFor(AuthIdentity identity)
    {
        var anonymous = AuthIdentity.AnonymousName;
        return Evidence.Entries
            .Where(e => e.Cell(identity.Name) is { IsSuccess: true } && e.Cell(anonymous) is { StatusCode: 401 or 403 })
            .OrderBy(e => e.Object is null ? 0 : 1)
            .ThenBy(e => Names.IsSelfPath(e.Operation.Path) ? 0 : 1)
            .ThenBy(e => e.Path.Length)
            .FirstOrDefault();
    }
}
