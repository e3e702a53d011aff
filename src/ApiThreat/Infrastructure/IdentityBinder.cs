using System.Collections;
using System.Management.Automation;
using System.Net;
using ApiThreat.Engine.Assessment.Authorization;

namespace ApiThreat.Infrastructure;

/// <summary>
/// -Identity's PowerShell values as engine identities: a hashtable of headers, a PSCredential (Basic), an
/// Authorization header value, or a login script block (run on the pipeline thread, again when a token expires).
/// The engine's <see cref="IdentitySet"/> and <see cref="IdentityHeaders"/> decide what is valid.
/// </summary>
internal sealed class IdentityBinder
{
    private readonly AsyncPipelineCmdlet _cmdlet;

    public IdentityBinder(AsyncPipelineCmdlet cmdlet) => _cmdlet = cmdlet;

    /// <summary>The identities in the caller's order ([ordered]) or by name; a bad one terminates (InvalidAuthorizationParameter).</summary>
    public IReadOnlyList<AuthIdentity> Bind(IDictionary identity, string[]? privileged)
    {
        var set = new IdentitySet(privileged);
        var entries = identity.Cast<DictionaryEntry>().ToList();
        if (identity is not System.Collections.Specialized.IOrderedDictionary)
            entries = entries.OrderBy(e => e.Key?.ToString(), StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var entry in entries)
        {
            var name = entry.Key?.ToString();
            try
            {
                name = set.CheckName(name);
                set.Add(ToIdentity(name, entry.Value is PSObject p ? p.BaseObject : entry.Value, set.IsPrivileged(name)));
            }
            catch (ArgumentException ex) { Fail(ex.Message, name?.Trim()); }
        }
        string? warning = null;
        try { warning = set.Complete(); }
        catch (ArgumentException ex)
        {
            Fail(ex.Message, set.Identities.Count == 0 ? null : privileged?.FirstOrDefault(p => !set.Identities.Any(i => i.Name.Equals(p, StringComparison.OrdinalIgnoreCase))));
        }
        if (warning is not null) _cmdlet.WriteWarning(warning);
        return set.Identities;
    }

    private AuthIdentity ToIdentity(string name, object? value, bool privileged)
    {
        switch (value)
        {
            case PSCredential credential:
                var password = credential.GetNetworkCredential().Password;
                return new AuthIdentity(name, IdentityHeaders.Basic(credential.UserName, password), privileged, credential.UserName, password: password);
            case ScriptBlock login:
                IReadOnlyList<KeyValuePair<string, string>>? headers = null;
                try { headers = Login(name, login); }
                catch (Exception ex) when (ex is RuntimeException or ArgumentException)
                {
                    Terminating($"-Identity '{name}': the login script block failed: {ex.Message}", "Run the script block on its own to see why it fails.", name);
                }
                if (headers is null)
                    Terminating($"-Identity '{name}': the login script block returned nothing usable.",
                        "Return a hashtable of headers (@{ Authorization = \"Bearer $token\" }), a token string, or the web session (-SessionVariable).", name);
                return new AuthIdentity(name, headers!, privileged, null, ct => RefreshAsync(name, login, ct));
            case IDictionary dictionary:
                return new AuthIdentity(name, Headers(name, dictionary), privileged);
            case string text when !string.IsNullOrWhiteSpace(text):
                return new AuthIdentity(name, new[] { IdentityHeaders.Header(name, "Authorization", text) }, privileged);
            default:
                Terminating($"-Identity '{name}' is a {value?.GetType().Name ?? "null"}: give a hashtable of headers, a PSCredential, an Authorization header value or a login script block.", null, name);
                return null!; // not reached: Terminating throws
        }
    }

    private async Task<IReadOnlyList<KeyValuePair<string, string>>?> RefreshAsync(string name, ScriptBlock login, CancellationToken ct)
    {
        IReadOnlyList<KeyValuePair<string, string>>? headers = null;
        await _cmdlet.RunOnPipelineThreadAsync(() =>
        {
            try { headers = Login(name, login); }
            catch (Exception ex) when (ex is (RuntimeException or ArgumentException) and not PipelineStoppedException)
            {
                _cmdlet.WriteWarning($"-Identity '{name}': logging in again failed ({ex.GetType().Name}); its remaining requests use the old credentials.");
            }
        }, ct).ConfigureAwait(false);
        return headers;
    }

    /// <summary>Runs a login script block (on the pipeline thread) and reads what it returns as headers.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>>? Login(string name, ScriptBlock login)
    {
        var value = login.Invoke(name).Select(r => r?.BaseObject).LastOrDefault(r => r is not null);
        switch (value)
        {
            case IDictionary dictionary: return Headers(name, dictionary);
            case PSCredential credential: return IdentityHeaders.Basic(credential.UserName, credential.GetNetworkCredential().Password);
            case string token when !string.IsNullOrWhiteSpace(token): return IdentityHeaders.Token(name, token);
            case null: return null;
        }
        // A web session (Invoke-RestMethod -SessionVariable): its headers and cookies.
        var session = PSObject.AsPSObject(value);
        var list = new List<KeyValuePair<string, string>>();
        if (session.Properties["Headers"]?.Value is IDictionary sessionHeaders) list.AddRange(Headers(name, sessionHeaders));
        if (session.Properties["Cookies"]?.Value is CookieContainer jar && jar.Count > 0)
            list.Add(IdentityHeaders.Header(name, "Cookie", string.Join("; ", jar.GetAllCookies().Select(c => c.Name + "=" + c.Value))));
        return list.Count > 0 ? list : null;
    }

    private static KeyValuePair<string, string>[] Headers(string identity, IDictionary dictionary) =>
        IdentityHeaders.From(identity, dictionary.Cast<DictionaryEntry>().Select(e => new KeyValuePair<string, string>(
            e.Key?.ToString() ?? "", LanguagePrimitives.ConvertTo<string>(e.Value is PSObject p ? p.BaseObject : e.Value) ?? "")));

    private void Fail(string message, object? target) =>
        _cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), "InvalidAuthorizationParameter", ErrorCategory.InvalidArgument, target));

    private void Terminating(string message, string? fix, object? target)
    {
        var record = new ErrorRecord(new ArgumentException(message), "InvalidIdentity", ErrorCategory.InvalidArgument, target);
        if (fix is not null) record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = fix };
        _cmdlet.ThrowTerminatingError(record);
    }
}
