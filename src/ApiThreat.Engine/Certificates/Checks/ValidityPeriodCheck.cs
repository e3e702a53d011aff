using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Certificates.Checks;

/// <summary>A certificate outside its validity period, or about to leave it.</summary>
internal sealed class ValidityPeriodCheck : ICheck<CertificateFacts>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { CertificateRules.Expired, CertificateRules.NotYetValid, CertificateRules.Expiring };

    public IEnumerable<Finding> Run(CertificateFacts facts)
    {
        var info = facts.Info;
        if (info.NotAfter < facts.At)
            yield return CertificateRules.Expired.ToFinding(facts.Target, $"notAfter {info.NotAfter:u} ({-info.DaysRemaining} days ago); subject {info.Subject}");
        else if (info.NotBefore > facts.At)
            yield return CertificateRules.NotYetValid.ToFinding(facts.Target, $"notBefore {info.NotBefore:u}; subject {info.Subject}");
        else if (ExpiringWindow(info.NotBefore, info.NotAfter, facts.ExpiryWarningDays) is var window && info.NotAfter - facts.At < window)
            yield return CertificateRules.Expiring.ToFinding(facts.Target, info.NotAfter - info.NotBefore > TimeSpan.FromDays(10)
                ? $"notAfter {info.NotAfter:u}: {info.DaysRemaining} days left (warning threshold {facts.ExpiryWarningDays})"
                : $"notAfter {info.NotAfter:u}: {Remaining(info.NotAfter - facts.At)} left of a {Remaining(info.NotAfter - info.NotBefore)} certificate (short-lived: reported in the last quarter of its life, where automatic renewal is overdue)");
    }

    /// <summary>
    /// How close to its end a certificate may come before it is reported. A short-lived certificate (at most 10 days,
    /// the CA/Browser Forum's Baseline Requirements' definition: Let's Encrypt's 6-day profile, Caddy's 12-hour local
    /// CA, step-ca's 24 hours) spends its whole life inside any warning window and is renewed automatically at about
    /// two thirds of it: for it the window is the last quarter of its lifetime, where renewal is already overdue.
    /// </summary>
    internal static TimeSpan ExpiringWindow(DateTimeOffset notBefore, DateTimeOffset notAfter, int warningDays)
    {
        var lifetime = notAfter - notBefore;
        return lifetime <= TimeSpan.FromDays(10) ? lifetime / 4 : TimeSpan.FromDays(warningDays);
    }

    private static string Remaining(TimeSpan t) => t.TotalDays >= 2 ? $"{(int)t.TotalDays} days" : $"{Math.Max(0, (int)t.TotalHours)} hours";
}
