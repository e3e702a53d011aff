using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>Marks a check that can lock an identity's account: such checks run after every other one.</summary>
public interface IAccountLockingCheck
{
}

/// <summary>
/// Failed logins for the checks of -Active: the API's login operation, the names of its user and password fields, and
/// a user name that exists (a test identity's). Passwords sent are random and never an identity's.
/// </summary>
public sealed class LoginProbe
{
    private static readonly string[] s_userFields = { "username", "user", "login", "email", "user_name", "userName", "name" };
    private static readonly string[] s_passwordFields = { "password", "pass", "passwd", "pwd" };
    private static readonly Regex s_lockout = new(@"lock(ed|out)|too many|try again (later|in)|temporarily|captcha|rate.?limit|throttl|exceeded|slow down",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    private readonly AuthorizationContext _context;

    private LoginProbe(AuthorizationContext context, ApiOperation operation, string userField, string passwordField, string user, AuthIdentity identity)
    {
        _context = context;
        Operation = operation;
        UserField = userField;
        PasswordField = passwordField;
        User = user;
        Identity = identity;
    }

    public ApiOperation Operation { get; }
    public string UserField { get; }
    public string PasswordField { get; }
    /// <summary>An existing user name: a test identity's.</summary>
    public string User { get; }
    public AuthIdentity Identity { get; }

    /// <summary>The login operation and an existing user, or null (with a note saying why) when there is none to test.</summary>
    public static LoginProbe? For(AuthorizationContext context, string purpose)
    {
        var login = context.Request.Operations.FirstOrDefault(o => o.Method.Equals("POST", StringComparison.OrdinalIgnoreCase) && Names.IsLoginPath(o.Path));
        if (login is null)
        {
            context.Note($"{purpose} not tested: no login operation (POST /login, /token, /auth/...) among the operations.");
            return null;
        }
        var fields = RequestBodies.Properties(RequestBodies.RequestSchema(context.Evidence.Specification, login)).Keys.ToList();
        var userField = s_userFields.FirstOrDefault(f => fields.Contains(f)) ?? fields.FirstOrDefault(f => f.Contains("user", StringComparison.OrdinalIgnoreCase) || f.Contains("mail", StringComparison.OrdinalIgnoreCase)) ?? "username";
        var passwordField = s_passwordFields.FirstOrDefault(f => fields.Contains(f)) ?? fields.FirstOrDefault(f => f.Contains("pass", StringComparison.OrdinalIgnoreCase)) ?? "password";
        var wantsEmail = userField.Contains("mail", StringComparison.OrdinalIgnoreCase);
        // The identity whose account a lockout may hit: a plain user that does not log in again by script, if any.
        foreach (var identity in context.Evidence.Identities.Where(i => !i.IsAnonymous).OrderBy(i => i.IsPrivileged).ThenBy(i => i.CanRefresh))
        {
            var names = new List<string>();
            if (identity.UserName is { } u) names.Add(u);
            names.AddRange(context.Evidence.Catalog.MarkersOf(identity.Name).OrderBy(m => m.Length));
            var user = names.FirstOrDefault(n => !long.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) && !Guid.TryParse(n, out _)
                && n.Contains('@') == wantsEmail && n.Length <= 128);
            if (user is not null) return new LoginProbe(context, login, userField, passwordField, user, identity);
        }
        context.Note($"{purpose} not tested: no identity's user name is known (give PSCredential identities, or an API with a \"who am I\" operation).");
        return null;
    }

    /// <summary>One failed login: the given user with a random wrong password.</summary>
    public async Task<Answer> FailAsync(string user, CancellationToken ct)
    {
        var body = new JsonObject { [UserField] = user, [PasswordField] = "atr-wrong-" + Guid.NewGuid().ToString("N")[..12] };
        return await _context.Client.SendAsync(AuthIdentity.Anonymous(), "POST", _context.UrlOf(_context.TemplateOf(Operation)), ct,
            body: body.ToJsonString(), headers: Array.Empty<KeyValuePair<string, string>>(), harvest: false).ConfigureAwait(false);
    }

    /// <summary>A login with the identity's own password (PSCredential identities only): does the account still let it in?</summary>
    public async Task<Answer?> SucceedAsync(CancellationToken ct)
    {
        if (Identity.Password is not { } password || !string.Equals(Identity.UserName, User, StringComparison.Ordinal)) return null;
        var body = new JsonObject { [UserField] = User, [PasswordField] = password };
        return await _context.Client.SendAsync(AuthIdentity.Anonymous(), "POST", _context.UrlOf(_context.TemplateOf(Operation)), ct,
            body: body.ToJsonString(), headers: Array.Empty<KeyValuePair<string, string>>(), harvest: false).ConfigureAwait(false);
    }

    /// <summary>What in an answer says the account or client is being slowed down or locked out, or null.</summary>
    public static string? LockoutSignal(Answer a)
    {
        if (a.StatusCode is 429 or 423) return $"status {a.StatusCode}";
        foreach (var (name, value) in a.Headers)
        {
            if (name.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)) return $"Retry-After: {value}";
            if (name.EndsWith("RateLimit-Remaining", StringComparison.OrdinalIgnoreCase) && value.Trim() == "0") return $"{name}: 0";
        }
        try
        {
            if (s_lockout.Match(a.Snippet) is { Success: true } m) return $"\"{m.Value}\" in the answer";
        }
        catch (RegexMatchTimeoutException) { }
        return null;
    }

    /// <summary>An answer's text with the user names replaced and digits folded, for comparing two failed logins.</summary>
    public static string Normalized(Answer a, params string[] users)
    {
        var text = a.Snippet;
        foreach (var u in users) if (u.Length > 0) text = text.Replace(u, "<user>", StringComparison.OrdinalIgnoreCase);
        return a.StatusCode.ToString(CultureInfo.InvariantCulture) + " " + Regex.Replace(text, @"\d+", "0", RegexOptions.None, TimeSpan.FromMilliseconds(200));
    }
}
