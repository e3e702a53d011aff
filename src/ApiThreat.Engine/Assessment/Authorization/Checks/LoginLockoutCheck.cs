using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Authorization.Checks;

/// <summary>
/// No lockout (-Active only): failed logins for one existing user (a test identity's name, random wrong passwords) until
/// the API shows a lockout or throttling signal (429/423, Retry-After, a rate-limit header at 0, "locked", "too many
/// attempts"), at most <see cref="Attempts"/>. None at all is the finding; with a PSCredential identity its own password
/// is tried last, which tells a silent lockout (no finding) from none (Confirmed). Runs after every other check, since
/// it may lock the identity's account.
/// </summary>
public sealed class LoginLockoutCheck : IAsyncCheck<AuthorizationContext>, IAccountLockingCheck
{
    public const int Attempts = 12;

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { AuthorizationRules.NoLoginLockout };

    public async Task<IReadOnlyList<Finding>> RunAsync(AuthorizationContext context, CancellationToken cancellationToken)
    {
        if (!context.Request.Active || LoginProbe.For(context, "Login lockout") is not { } login) return Array.Empty<Finding>();
        var statuses = new List<int>();
        for (var i = 1; i <= Attempts; i++)
        {
            var answer = await login.FailAsync(login.User, cancellationToken).ConfigureAwait(false);
            if (answer.StatusCode == 0) return Array.Empty<Finding>();
            if (answer.IsSuccess) return Array.Empty<Finding>(); // a login that accepts any password is another problem; not judged here
            if (LoginProbe.LockoutSignal(answer) is { } signal)
            {
                context.Note($"POST {login.Operation.Path}: {login.User} ({login.Identity.Name}) was locked out or throttled after {i} failed logins in this check ({signal}); that account may stay locked for a while.");
                return Array.Empty<Finding>();
            }
            statuses.Add(answer.StatusCode);
        }
        // A lockout can be silent (the same refusal as a wrong password): with the identity's own password, ask.
        var confidence = Confidence.Firm;
        var proof = "";
        if (await login.SucceedAsync(cancellationToken).ConfigureAwait(false) is { } real)
        {
            if (!real.IsSuccess)
            {
                context.Note($"POST {login.Operation.Path}: after {Attempts} failed logins {login.User} ({login.Identity.Name}) cannot log in with its own password either ({real.StatusCode}): a silent lockout.");
                return Array.Empty<Finding>();
            }
            confidence = Confidence.Confirmed;
            proof = $"; the account's own password was still accepted right after ({real.StatusCode})";
        }
        return new[]
        {
            AuthorizationRules.NoLoginLockout.ToFinding(context.Evidence.Target,
                $"{Attempts} failed logins in a row for the existing user {login.User} ({login.Identity.Name}) at POST {login.Operation.Path} were all answered {string.Join("/", statuses.Distinct())}, without any lockout or throttling signal (429/423, Retry-After, rate-limit headers, a \"too many attempts\" message){proof}.",
                confidence, DetectionMethod.Active, location: $"POST {login.Operation.Path}"),
        };
    }
}
