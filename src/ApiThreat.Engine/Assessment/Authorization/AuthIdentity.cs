using System.Text;
using System.Text.RegularExpressions;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>Logs an identity in again (the caller's script block) and returns its new headers; null when it cannot.</summary>
public delegate Task<IReadOnlyList<KeyValuePair<string, string>>?> IdentityRefresher(CancellationToken cancellationToken);

/// <summary>
/// One caller identity of an authorization test: a name, the headers that carry its credentials (Authorization,
/// Cookie, an API-key header), whether it is a higher (administrative) identity, and how to log it in again when its
/// token expires. The header values are secrets: they are sent, never written; <see cref="Secrets"/> lists every form
/// in which they could come back so that output can be scrubbed of them.
/// </summary>
public sealed class AuthIdentity
{
    public const string AnonymousName = "anonymous";
    private const int MaxRefreshes = 25;
    private static readonly Regex s_privilegedName = new("admin|root|super|staff|manager|operator|priv",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    private readonly IdentityRefresher? _refresher;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private volatile IReadOnlyList<KeyValuePair<string, string>> _headers;
    private int _refreshes;
    private int _generation;

    public AuthIdentity(string name, IReadOnlyList<KeyValuePair<string, string>> headers, bool privileged = false,
        string? userName = null, IdentityRefresher? refresher = null, string? password = null)
    {
        Name = name;
        _headers = headers;
        IsPrivileged = privileged;
        UserName = userName;
        _refresher = refresher;
        Password = password;
    }

    public static AuthIdentity Anonymous() => new(AnonymousName, Array.Empty<KeyValuePair<string, string>>());

    public string Name { get; }
    public bool IsAnonymous => _headers.Count == 0 && _refresher is null && Name == AnonymousName;
    public bool IsPrivileged { get; }
    /// <summary>The login name, when known (a PSCredential's user name): it marks the identity's own objects.</summary>
    public string? UserName { get; }
    /// <summary>The password of a PSCredential identity (a secret): only a lockout check sends it, to its own login.</summary>
    public string? Password { get; }
    public bool CanRefresh => _refresher is not null && _refreshes < MaxRefreshes;
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;
    /// <summary>Bumped by every successful refresh, so concurrent 401s refresh once.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>A name that looks administrative (admin, root, superuser, staff, manager, operator, privileged).</summary>
    public static bool LooksPrivileged(string name) => s_privilegedName.IsMatch(name);

    /// <summary>
    /// Logs in again unless another request already did since <paramref name="seenGeneration"/>. False when the
    /// identity cannot refresh (no script block, the refresh budget spent, the script block failed).
    /// </summary>
    public async Task<bool> RefreshAsync(int seenGeneration, CancellationToken cancellationToken)
    {
        if (_refresher is null) return false;
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Generation != seenGeneration) return true;
            if (_refreshes >= MaxRefreshes) return false;
            _refreshes++;
            var headers = await _refresher(cancellationToken).ConfigureAwait(false);
            if (headers is null || headers.Count == 0) return false;
            _headers = headers;
            Interlocked.Increment(ref _generation);
            return true;
        }
        finally { _refreshLock.Release(); }
    }

    /// <summary>The tokens this identity carries (the value after an auth scheme, a cookie's value, a key header's value).</summary>
    public IEnumerable<string> Tokens()
    {
        foreach (var (name, value) in _headers)
        {
            if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var pair in value.Split(';'))
                {
                    var eq = pair.IndexOf('=');
                    if (eq > 0 && pair[(eq + 1)..].Trim() is { Length: > 0 } v) yield return v;
                }
                continue;
            }
            var space = value.IndexOf(' ');
            yield return space > 0 && space < value.Length - 1 ? value[(space + 1)..].Trim() : value.Trim();
        }
    }

    /// <summary>The bearer-style JWT the identity sends, and the header that carries it.</summary>
    public (JsonWebToken Token, string Header)? Jwt()
    {
        foreach (var (name, value) in _headers)
        {
            foreach (var candidate in Candidates(name, value))
                if (JsonWebToken.TryParse(candidate, out var token)) return (token, name);
        }
        return null;
    }

    private static IEnumerable<string> Candidates(string name, string value)
    {
        if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var pair in value.Split(';'))
            {
                var eq = pair.IndexOf('=');
                if (eq > 0) yield return pair[(eq + 1)..].Trim();
            }
            yield break;
        }
        var space = value.IndexOf(' ');
        yield return space > 0 ? value[(space + 1)..].Trim() : value.Trim();
    }

    /// <summary>These headers with every copy of <paramref name="token"/> replaced by <paramref name="replacement"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> WithTokenReplaced(string token, string replacement) =>
        _headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.Replace(token, replacement, StringComparison.Ordinal))).ToArray();

    /// <summary>
    /// Every form in which this identity's credentials could come back in a response or a message: each header value,
    /// the token after its scheme, cookie values, the decoded user and password of Basic credentials, and each JWT
    /// segment (a server may echo the claims or the signature alone).
    /// </summary>
    public IEnumerable<string> Secrets()
    {
        if (Password is { Length: > 0 }) yield return Password;
        foreach (var (_, value) in _headers)
        {
            yield return value;
            var space = value.IndexOf(' ');
            if (space > 0 && value[..space].Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                string? decoded = null;
                try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value[(space + 1)..].Trim())); }
                catch (FormatException) { }
                if (decoded is not null)
                {
                    yield return decoded;
                    var colon = decoded.IndexOf(':');
                    if (colon >= 0 && colon < decoded.Length - 1) yield return decoded[(colon + 1)..];
                }
            }
        }
        foreach (var token in Tokens())
        {
            yield return token;
            var parts = token.Split('.');
            if (parts.Length == 3) foreach (var p in parts.Skip(1)) if (p.Length >= 8) yield return p;
        }
    }

    public override string ToString() => Name;
}
