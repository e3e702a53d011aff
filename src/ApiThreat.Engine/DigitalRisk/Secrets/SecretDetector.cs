using System.Text.RegularExpressions;

namespace ApiThreat.Engine.DigitalRisk.Secrets;

/// <summary>
/// One credential type as the scanner runs it, compiled from an entry of module/data/secrets/detectors.json: the
/// keywords that wake it, the pattern (NonBacktracking: linear in the text, whatever the text), how far around a
/// keyword a match may lie, and the checks a match must pass before it is reported.
/// </summary>
public sealed class SecretDetector
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required ThreatRule Rule { get; init; }
    public required Severity Severity { get; init; }
    public required SecretConfidence Confidence { get; init; }
    public required IReadOnlyList<string> Keywords { get; init; }
    /// <summary>
    /// The pattern for the linear-time engine, built the first time one of the keywords wakes the detector, once per
    /// process (thread-safe, shared by every scanner and catalogue subset): a NonBacktracking regex costs several
    /// milliseconds of CPU to construct, and most detectors never wake on a given site or bundle.
    /// </summary>
    public Regex Pattern => _pattern.Value;
    /// <summary>Builds the pattern (see <see cref="Pattern"/>); the catalogue has checked that it compiles.</summary>
    public required Func<Regex> CompilePattern { init => _pattern = new Lazy<Regex>(value, LazyThreadSafetyMode.ExecutionAndPublication); }
    /// <summary>True once <see cref="Pattern"/> has been built.</summary>
    public bool IsCompiled => _pattern.IsValueCreated;
    private Lazy<Regex> _pattern = null!;
    /// <summary>The pattern has named groups (secret, name, user, host...): a match is read again for them.</summary>
    public required bool HasGroups { get; init; }
    /// <summary>Characters before a keyword where a match may start.</summary>
    public int Lookback { get; init; }
    /// <summary>The longest match (window after the keyword's start, and the chunk overlap the scanner keeps).</summary>
    public required int MaxLength { get; init; }
    /// <summary>ASCII characters that may not touch the secret on either side (a token inside a longer run is not that token).</summary>
    public required bool[] Boundary { get; init; }
    public double? MinEntropy { get; init; }
    /// <summary>The structure or checksum check (<see cref="Validation.SecretValidators"/>), or null.</summary>
    public string? Validate { get; init; }
    /// <summary>The provider identity check -Verify may run (<see cref="Verification.SecretVerifier"/>), or null.</summary>
    public string? Verify { get; init; }
    /// <summary>Of two overlapping matches the higher priority is kept (a service-account file over the key inside it).</summary>
    public int Priority { get; init; } = 100;
    /// <summary>The match must start a line (.env assignments).</summary>
    public bool LineStart { get; init; }
    /// <summary>The provider's documentation of the format.</summary>
    public required string Source { get; init; }

    public bool Touches(char c) => c < 128 && Boundary[c];

    public override string ToString() => Id;
}

/// <summary>
/// Two detectors whose matches are one credential when found close together: an AWS access key ID and the secret
/// access key beside it are usable, each alone much less so.
/// </summary>
public sealed class SecretPairDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required ThreatRule Rule { get; init; }
    public required Severity Severity { get; init; }
    public required string First { get; init; }
    public required string Second { get; init; }
    /// <summary>The most characters between the two halves.</summary>
    public required int Distance { get; init; }
    public string? Verify { get; init; }
    public required string Source { get; init; }
}
