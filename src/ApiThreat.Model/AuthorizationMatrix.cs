using System.Globalization;
using System.Text;

namespace ApiThreat;

/// <summary>
/// The evidence of Test-ApiAuthorization for one API: which identity got what answer to which request. Each row is
/// one request (an operation, filled with one harvested object when it has path parameters); each cell one identity's
/// answer. The findings of the API are attached, so the matrix alone carries the whole result.
/// </summary>
public sealed class AuthorizationMatrix
{
    public string Url { get; set; } = "";
    public string HostName { get; set; } = "";
    /// <summary>The identities in column order; "anonymous" (no credentials) is always the last.</summary>
    public string[] Identities { get; set; } = Array.Empty<string>();
    /// <summary>The identities treated as higher (administrators) for function-level checks.</summary>
    public string[] PrivilegedIdentities { get; set; } = Array.Empty<string>();
    public AuthorizationRow[] Rows { get; set; } = Array.Empty<AuthorizationRow>();
    /// <summary>Operations known for the API (from the specification, discovery or -Operation).</summary>
    public int OperationCount { get; set; }
    /// <summary>Operations that were not requested, with the reason in <see cref="Notes"/> (writes without -Active, unfillable parameters).</summary>
    public int SkippedOperationCount { get; set; }
    /// <summary>Every request sent to the API for this assessment, harvesting and token checks included.</summary>
    public int RequestCount { get; set; }
    /// <summary>What was not tested and why, and objects created under -Active that could not be removed.</summary>
    public string[] Notes { get; set; } = Array.Empty<string>();
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();
    public DateTimeOffset Timestamp { get; set; } = DateTimeOffset.UtcNow;

    public override string ToString() => $"{Url} ({Rows.Length} requests × {Identities.Length} identities, {Findings.Length} findings)";

    /// <summary>
    /// The matrix as a text grid: one line per row, one column per identity. A cell reads "200 ref" for the reference
    /// answer (the object's owner, or the privileged identity), "200 =" for an answer with the reference's content,
    /// "200 ≠" for a success with other content, and the bare status for a refusal or error ("—": not sent).
    /// </summary>
    public string ToTable(int maximumRows = 200)
    {
        var headers = new List<string> { "Request", "Object" };
        headers.AddRange(Identities);
        var lines = new List<string[]>();
        foreach (var row in Rows.Take(Math.Max(0, maximumRows)))
        {
            var line = new string[headers.Count];
            line[0] = row.Operation;
            line[1] = row.ObjectId is null ? "" : row.Owner is null ? row.ObjectId : $"{row.Owner}: {row.ObjectId}";
            for (var i = 0; i < Identities.Length; i++)
            {
                var cell = row.Cells.FirstOrDefault(c => string.Equals(c.Identity, Identities[i], StringComparison.Ordinal));
                line[i + 2] = cell?.ToString() ?? "—";
            }
            lines.Add(line);
        }
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var line in lines)
            for (var i = 0; i < line.Length; i++) widths[i] = Math.Min(Math.Max(widths[i], line[i].Length), i == 0 ? 60 : i == 1 ? 24 : 16);
        var sb = new StringBuilder();
        void Append(IReadOnlyList<string> cells)
        {
            for (var i = 0; i < cells.Count; i++)
            {
                var text = cells[i].Length > widths[i] ? cells[i][..(widths[i] - 1)] + "…" : cells[i];
                sb.Append(text.PadRight(widths[i]));
                if (i < cells.Count - 1) sb.Append("  ");
            }
            sb.Append('\n');
        }
        Append(headers);
        Append(widths.Select(w => new string('-', w)).ToArray());
        foreach (var line in lines) Append(line);
        if (Rows.Length > maximumRows)
            sb.Append(CultureInfo.InvariantCulture, $"… {Rows.Length - maximumRows} more rows\n");
        return sb.ToString().TrimEnd('\n');
    }
}

/// <summary>One request of the matrix, sent as every identity.</summary>
public sealed class AuthorizationRow
{
    /// <summary>The operation as declared ("GET /notes/{id}/").</summary>
    public string Operation { get; set; } = "";
    /// <summary>The path actually requested, parameters filled ("/notes/3/").</summary>
    public string Path { get; set; } = "";
    /// <summary>The harvested identifier the path was filled with, or null for an operation without path parameters.</summary>
    public string? ObjectId { get; set; }
    /// <summary>The identity the object belongs to (its owner field names it, only it could see it, or it created it).</summary>
    public string? Owner { get; set; }
    /// <summary>Whose answer the others are compared with: the owner, else a privileged identity, else none.</summary>
    public string? Reference { get; set; }
    public AuthorizationCell[] Cells { get; set; } = Array.Empty<AuthorizationCell>();

    public override string ToString() => ObjectId is null ? Operation : $"{Operation} [{ObjectId}]";
}

/// <summary>One identity's answer to one request of the matrix.</summary>
public sealed class AuthorizationCell
{
    public string Identity { get; set; } = "";
    /// <summary>HTTP status; 0 when the request failed or was not sent.</summary>
    public int StatusCode { get; set; }
    /// <summary>Body size in bytes.</summary>
    public long Size { get; set; }
    /// <summary>How alike this answer and the reference answer are, 0 to 1 (null without a reference).</summary>
    public double? Similarity { get; set; }
    public AuthorizationVerdict Verdict { get; set; }

    public override string ToString() => Verdict switch
    {
        AuthorizationVerdict.NotSent => "—",
        AuthorizationVerdict.Reference => $"{StatusCode} ref",
        AuthorizationVerdict.Same => $"{StatusCode} =",
        AuthorizationVerdict.Different => $"{StatusCode} ≠",
        AuthorizationVerdict.Allowed => $"{StatusCode}",
        _ => StatusCode == 0 ? "error" : StatusCode.ToString(CultureInfo.InvariantCulture),
    };
}
