namespace ApiThreat.Engine.DigitalRisk.Secrets;

/// <summary>
/// A credential the scanner found and its checks accepted. It holds the plain value, for pairing, masking and -Verify
/// only: nothing built from a match for output (<see cref="ExposedSecret"/>, findings, messages) carries it, only
/// <see cref="SecretMask"/>'s form.
/// </summary>
public sealed class SecretMatch
{
    public required SecretDetector Detector { get; init; }
    /// <summary>The secret itself. Never written anywhere.</summary>
    public required string Value { get; init; }
    /// <summary>Offset of the secret's first character in the resource (characters).</summary>
    public required long Offset { get; init; }
    public required int Line { get; init; }
    public required int Column { get; init; }
    /// <summary>Characters from the start of the match to the end of the secret (for overlaps and pair distances).</summary>
    public required long MatchStart { get; init; }
    public required long MatchEnd { get; init; }
    public string? Detail { get; init; }
    public Severity Severity { get; init; }
    public SecretConfidence Confidence { get; init; }

    public override string ToString() => $"{Detector.Id} {SecretMask.Mask(Value)} at {Line}:{Column}";
}

/// <summary>How a scan went: characters read, keyword hits, candidates the checks turned down, windows cut short.</summary>
public sealed class SecretScanStats
{
    public long Characters;
    public long KeywordHits;
    public long Candidates;
    public long Rejected;
    public long Reported;
    /// <summary>Regex runs stopped by their timeout (a backstop: the engine is linear).</summary>
    public long TimedOut;
    /// <summary>Matches beyond the per-resource cap (a hostile page full of tokens), counted, not kept.</summary>
    public long Dropped;

    public void Add(SecretScanStats other)
    {
        Interlocked.Add(ref Characters, other.Characters);
        Interlocked.Add(ref KeywordHits, other.KeywordHits);
        Interlocked.Add(ref Candidates, other.Candidates);
        Interlocked.Add(ref Rejected, other.Rejected);
        Interlocked.Add(ref Reported, other.Reported);
        Interlocked.Add(ref TimedOut, other.TimedOut);
        Interlocked.Add(ref Dropped, other.Dropped);
    }
}
