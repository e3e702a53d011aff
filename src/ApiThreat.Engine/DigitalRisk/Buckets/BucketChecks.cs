using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.DigitalRisk.Buckets;

/// <summary>
/// The bucket checks judge one probed bucket. A name made from the organisation's is not proof the bucket is theirs
/// (anyone can create contoso-backup), so exposure findings are Potential; a write the probe made itself is Confirmed.
/// </summary>
public sealed class BucketEvidence
{
    public required ExposedBucket Bucket { get; init; }

    internal Finding Make(ThreatRule rule, string evidence, Confidence confidence, DetectionMethod method = DetectionMethod.Passive)
    {
        var f = rule.ToFinding(Bucket.Url, evidence, confidence, method);
        if (!string.IsNullOrEmpty(Bucket.HostName)) f.HostName = Bucket.HostName;
        f.Location = $"{Bucket.Provider}:{Bucket.Name}";
        return f;
    }
}

/// <summary>ATR-DRP-004: the listing answered without credentials.</summary>
public sealed class PublicBucketListingCheck : ICheck<BucketEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DigitalRiskRules.PublicBucketListing };

    public IEnumerable<Finding> Run(BucketEvidence e)
    {
        if (!e.Bucket.PublicList) yield break;
        var sample = e.Bucket.SampleObjects.Length == 0 ? "no object yet" : "objects " + string.Join(", ", e.Bucket.SampleObjects.Take(5));
        yield return e.Make(DigitalRiskRules.PublicBucketListing, $"{e.Bucket.Url} lists anonymously ({sample}); name made from '{e.Bucket.Source}'", Confidence.Potential);
    }
}

/// <summary>ATR-DRP-005: an object of the bucket was read without credentials.</summary>
public sealed class PublicBucketReadCheck : ICheck<BucketEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DigitalRiskRules.PublicBucketRead };

    public IEnumerable<Finding> Run(BucketEvidence e)
    {
        if (e.Bucket.PublicRead != true) yield break;
        yield return e.Make(DigitalRiskRules.PublicBucketRead,
            $"{e.Bucket.Url}{e.Bucket.SampleObjects.FirstOrDefault()} was read anonymously; name made from '{e.Bucket.Source}'", Confidence.Potential);
    }
}

/// <summary>ATR-DRP-006: the probe's own object was written without credentials (only with -Active).</summary>
public sealed class PublicBucketWriteCheck : ICheck<BucketEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { DigitalRiskRules.PublicBucketWrite };

    public IEnumerable<Finding> Run(BucketEvidence e)
    {
        if (e.Bucket.PublicWrite != true) yield break;
        yield return e.Make(DigitalRiskRules.PublicBucketWrite,
            $"an anonymous PUT of a probe object into {e.Bucket.Url} succeeded (then deleted); name made from '{e.Bucket.Source}'",
            Confidence.Confirmed, DetectionMethod.Active);
    }
}
