using System.Diagnostics;
using Microsoft.OpenApi;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>One operation of a document, with its effective parameters (path-level ones merged in) and security.</summary>
public sealed class SpecOperation
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required OpenApiOperation Operation { get; init; }
    public required IReadOnlyList<IOpenApiParameter> Parameters { get; init; }
    /// <summary>The operation's requirements, else the document's.</summary>
    public IList<OpenApiSecurityRequirement>? Security { get; init; }

    /// <summary>"POST /users": where findings about the operation are reported.</summary>
    public string Location => $"{Method} {Path}";

    /// <summary>No requirement, an explicit empty list, or an empty {} alternative: anyone may call it.</summary>
    public bool Anonymous => Security is null || Security.Count == 0 || Security.Any(r => r.Count == 0);

    /// <summary>Why <see cref="Anonymous"/> holds, for the evidence.</summary>
    public string AnonymousReason => Security is null || Security.Count == 0
        ? (Operation.Security is { Count: 0 } ? "explicit empty security" : "no security requirement")
        : "an empty {} alternative makes security optional";

    public bool TakesInput => Parameters.Count > 0 || Operation.RequestBody is not null;

    /// <summary>The parameters whose name the document gives, with location and schema; unreadable ones are skipped.</summary>
    public IEnumerable<(string Name, ParameterLocation? In, IOpenApiSchema? Schema)> NamedParameters()
    {
        foreach (var p in Parameters)
        {
            string? name; ParameterLocation? location; IOpenApiSchema? schema;
            try { name = p.Name; location = p.In; schema = p.Schema; }
            catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { continue; }
            if (!string.IsNullOrEmpty(name)) yield return (name, location, schema);
        }
    }

    /// <summary>The schemas of the request body, per media type; unreadable ones are skipped.</summary>
    public IEnumerable<(string MediaType, IOpenApiSchema Schema)> RequestSchemas() => Schemas(() => Operation.RequestBody?.Content);

    /// <summary>The schemas of every response, per status code and media type; unreadable ones are skipped.</summary>
    public IEnumerable<(string Code, string MediaType, IOpenApiSchema Schema)> ResponseSchemas()
    {
        foreach (var (code, response) in Operation.Responses ?? new OpenApiResponses())
            foreach (var (type, schema) in Schemas(() => response?.Content))
                yield return (code, type, schema);
    }

    private static IEnumerable<(string, IOpenApiSchema)> Schemas(Func<IDictionary<string, IOpenApiMediaType>?> content)
    {
        IDictionary<string, IOpenApiMediaType>? media = null;
        try { media = content(); } catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { }
        foreach (var (type, item) in media ?? new Dictionary<string, IOpenApiMediaType>())
        {
            IOpenApiSchema? schema;
            try { schema = item?.Schema; } catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { continue; }
            if (schema is not null) yield return (type, schema);
        }
    }
}

/// <summary>
/// What the spec checks are given: the parsed document, the target findings name, its operations listed once, and the
/// lint deadline. Checks poll <see cref="OutOfTime"/> at their loops: past the deadline they stop and return what they
/// found, so a hostile document (thousands of $ref-heavy operations) costs a bounded time, never an unbounded one.
/// </summary>
public sealed class SpecEvidence
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly TimeSpan _limit;
    private readonly CancellationToken _cancellationToken;
    private IReadOnlyList<SpecOperation>? _operations;

    public SpecEvidence(SpecDocument spec, string target, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        Spec = spec;
        Target = target;
        _limit = limit;
        _cancellationToken = cancellationToken;
    }

    public SpecDocument Spec { get; }
    public OpenApiDocument Document => Spec.Document;
    public string Target { get; }

    /// <summary>Set once a check found the deadline passed: the findings are then partial.</summary>
    public bool Stopped { get; private set; }

    /// <summary>True past the deadline (checks stop); throws when the caller cancelled.</summary>
    public bool OutOfTime
    {
        get
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (!Stopped && Stopwatch.GetElapsedTime(_start) > _limit) Stopped = true;
            return Stopped;
        }
    }

    public IReadOnlyList<SpecOperation> Operations => _operations ??= ListOperations();

    private List<SpecOperation> ListOperations()
    {
        var list = new List<SpecOperation>();
        foreach (var (path, item) in Document.Paths ?? new OpenApiPaths())
        {
            IDictionary<HttpMethod, OpenApiOperation>? operations;
            IList<IOpenApiParameter>? pathParameters;
            try { operations = item?.Operations; pathParameters = item?.Parameters; }
            catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { continue; }
            if (operations is null) continue;
            foreach (var (method, op) in operations)
            {
                var parameters = new List<IOpenApiParameter>();
                foreach (var p in op.Parameters ?? new List<IOpenApiParameter>()) parameters.Add(p);
                foreach (var p in pathParameters ?? new List<IOpenApiParameter>())
                    if (!parameters.Any(q => q.Name == p.Name && q.In == p.In)) parameters.Add(p);
                list.Add(new SpecOperation
                {
                    Method = method.Method.ToUpperInvariant(), Path = path, Operation = op, Parameters = parameters,
                    Security = op.Security ?? Document.Security,
                });
            }
        }
        return list;
    }
}
