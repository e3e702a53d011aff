using ApiThreat.Engine.Specs;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>One identity's answer in the matrix, kept small: the body is gone, its comparison with the reference stays.</summary>
public sealed class MatrixCell
{
    public required string Identity { get; init; }
    public int StatusCode { get; init; }
    public long Size { get; init; }
    public double? Similarity { get; init; }
    public AuthorizationVerdict Verdict { get; init; }
    /// <summary>The answer carries the requested object's identifier as a value.</summary>
    public bool HasObjectValue { get; init; }
    /// <summary>A success that is the site's catch-all page (what it answers for a path that does not exist).</summary>
    public bool CatchAll { get; init; }

    public bool IsSuccess => StatusCode is >= 200 and < 300 && !CatchAll;
}

/// <summary>One request of the matrix with every identity's answer.</summary>
public sealed class MatrixEntry
{
    public required ApiOperation Operation { get; init; }
    /// <summary>The concrete path requested (relative to the origin).</summary>
    public required string Path { get; init; }
    /// <summary>The harvested object the path was filled with; null for an operation without path parameters.</summary>
    public ObjectCandidate? Object { get; init; }
    /// <summary>The identity whose answer the others are compared with (owner, else a privileged identity), or null.</summary>
    public string? Reference { get; set; }
    /// <summary>Reserved for administrators by its path or by the specification's words.</summary>
    public bool AdminOperation { get; init; }
    /// <summary>The specification requires credentials for the operation.</summary>
    public bool SecuredBySpecification { get; init; }
    /// <summary>The listing the object came from refused the anonymous identity.</summary>
    public bool ListingRefusesAnonymous { get; init; }
    public Dictionary<string, MatrixCell> Cells { get; } = new(StringComparer.Ordinal);

    public MatrixCell? Cell(string identity) => Cells.TryGetValue(identity, out var c) ? c : null;

    public string Describe() => Object is null ? $"{Operation.Method} {Path}" : $"{Operation.Method} {Path} (object {Object.Value} of {Object.Owner})";
}

/// <summary>Everything the matrix checks look at for one API.</summary>
public sealed class AuthorizationEvidence
{
    public required string Target { get; init; }
    public required Uri BaseUrl { get; init; }
    public required IReadOnlyList<AuthIdentity> Identities { get; init; }
    public required IReadOnlyList<MatrixEntry> Entries { get; init; }
    public required ObjectCatalog Catalog { get; init; }
    public required SecretScrubber Scrubber { get; init; }
    public SpecDocument? Specification { get; init; }
    public bool Active { get; init; }
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    public AuthIdentity Identity(string name) => Identities.First(i => i.Name == name);

    /// <summary>Short text of an entry's row for evidence: each identity's status, size and comparison.</summary>
    public string Row(MatrixEntry entry) =>
        entry.Describe() + ": " + string.Join(" · ", Identities.Select(i => entry.Cell(i.Name) is { } c ? $"{i.Name} {CellText(entry, c)}" : $"{i.Name} —"));

    private static string CellText(MatrixEntry entry, MatrixCell c)
    {
        var status = c.StatusCode == 0 ? "error" : c.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var size = c.Size >= 1024 ? $"{c.Size / 1024.0:0.#} kB" : $"{c.Size} B";
        return c.Verdict switch
        {
            AuthorizationVerdict.Reference => $"{status} {size} ({(entry.Object is null ? "reference" : "owner")})",
            AuthorizationVerdict.Same => $"{status} {size} same content ({c.Similarity:P0})",
            AuthorizationVerdict.Different => $"{status} {size} other content ({c.Similarity:P0})",
            _ => c.CatchAll ? $"{status} (catch-all page)" : c.StatusCode is >= 200 and < 300 ? $"{status} {size}" : status,
        };
    }
}
