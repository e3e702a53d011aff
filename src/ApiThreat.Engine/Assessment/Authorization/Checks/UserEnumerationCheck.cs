using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Authorization.Checks;

/// <summary>
/// User enumeration (-Active only): two failed logins for an existing user (a test identity's name, random wrong
/// passwords) and two for a user that cannot exist. Each pair must agree with itself (the answer is stable) and the
/// pairs must differ (status or message, user names and digits aside) for a finding. Four failed logins count towards a
/// lockout of that identity.
/// </summary>
public sealed class UserEnumerationCheck : IAsyncCheck<AuthorizationContext>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { AuthorizationRules.UserEnumeration };

    public async Task<IReadOnlyList<Finding>> RunAsync(AuthorizationContext context, CancellationToken cancellationToken)
    {
        if (!context.Request.Active || LoginProbe.For(context, "User enumeration") is not { } login) return Array.Empty<Finding>();
        var nobody = "atr-nouser-" + Guid.NewGuid().ToString("N")[..10];
        var known1 = await login.FailAsync(login.User, cancellationToken).ConfigureAwait(false);
        var unknown1 = await login.FailAsync(nobody, cancellationToken).ConfigureAwait(false);
        var known2 = await login.FailAsync(login.User, cancellationToken).ConfigureAwait(false);
        var unknown2 = await login.FailAsync(nobody, cancellationToken).ConfigureAwait(false);
        if (known1.StatusCode == 0 || unknown1.StatusCode == 0 || known1.IsSuccess || unknown1.IsSuccess) return Array.Empty<Finding>();
        string N(Answer a) => LoginProbe.Normalized(a, login.User, nobody);
        if (N(known1) != N(known2) || N(unknown1) != N(unknown2) || N(known1) == N(unknown1)) return Array.Empty<Finding>();
        if (LoginProbe.LockoutSignal(known2) is not null) return Array.Empty<Finding>(); // a lockout, not a tell
        string Show(Answer a) => $"{a.StatusCode} {TextSafety.Truncate(a.Snippet.Replace(login.User, "<user>", StringComparison.OrdinalIgnoreCase), 120)}";
        return new[]
        {
            AuthorizationRules.UserEnumeration.ToFinding(context.Evidence.Target,
                $"POST {login.Operation.Path} with a wrong password for the existing user {login.User} ({login.Identity.Name}) answered {Show(known1)}; for a user that does not exist: {Show(unknown1)} (each twice, the same each time).",
                Confidence.Confirmed, DetectionMethod.Active, location: $"POST {login.Operation.Path}"),
        };
    }
}
