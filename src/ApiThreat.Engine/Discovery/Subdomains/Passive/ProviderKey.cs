using System.Net;
using System.Text;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>
/// A provider's API key (and, for providers that take two parts, the account or organisation id in
/// <see cref="Id"/>). The key stays in a SecureString until a request header or query needs it, and every text that
/// leaves a provider session passes <see cref="Scrub"/>: providers echo keys in their errors.
/// </summary>
public sealed class ProviderKey
{
    private readonly NetworkCredential _credential;

    public ProviderKey(NetworkCredential credential, string origin)
    {
        _credential = credential;
        Origin = origin;
    }

    /// <summary>Where the key came from, for -Verbose (never the key): "-ApiKey", "$env:SHODAN_API_KEY", "SecretManagement".</summary>
    public string Origin { get; }
    public string? Id => string.IsNullOrEmpty(_credential.UserName) ? null : _credential.UserName;
    public bool IsEmpty => _credential.SecurePassword.Length == 0;

    /// <summary>The key itself, for the request that carries it.</summary>
    internal string Reveal() => _credential.Password;

    /// <summary>Text with every form of the key we may have sent (as is, URL-encoded, Base64 of Basic credentials) replaced.</summary>
    public string Scrub(string text)
    {
        if (string.IsNullOrEmpty(text) || IsEmpty) return text;
        var key = Reveal();
        foreach (var form in new[]
        {
            key, Uri.EscapeDataString(key), Convert.ToBase64String(Encoding.UTF8.GetBytes(key)),
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credential.UserName}:{key}")),
        })
            if (form.Length > 0) text = text.Replace(form, "[redacted]", StringComparison.Ordinal);
        return text;
    }
}

/// <summary>How one provider's key is found: -ApiKey first, then its environment variables, then SecretManagement.</summary>
public static class ProviderKeys
{
    /// <param name="given">Keys the user gave by provider name (-ApiKey).</param>
    /// <param name="environment">Reads an environment variable (Environment.GetEnvironmentVariable in production).</param>
    /// <param name="secret">Reads a SecretManagement secret by name; null when that module is not there.</param>
    public static ProviderKey? Find(ProviderSettings provider, IReadOnlyDictionary<string, NetworkCredential> given,
        Func<string, string?> environment, Func<string, NetworkCredential?>? secret)
    {
        foreach (var (name, credential) in given)
            if (string.Equals(name, provider.Name, StringComparison.OrdinalIgnoreCase) && credential.SecurePassword.Length > 0)
                return new ProviderKey(credential, "-ApiKey");
        if (provider.Environment.Count > 0 && environment(provider.Environment[0]) is { Length: > 0 } fromEnv)
        {
            // A two-part provider (Censys) reads its organisation id from the second variable; others accept any of theirs.
            var id = provider.Name == "Censys" && provider.Environment.Count > 1 ? environment(provider.Environment[1]) ?? "" : "";
            return new ProviderKey(new NetworkCredential(id, fromEnv), "$env:" + provider.Environment[0]);
        }
        if (provider.Name != "Censys")
            foreach (var variable in provider.Environment.Skip(1))
                if (environment(variable) is { Length: > 0 } other) return new ProviderKey(new NetworkCredential("", other), "$env:" + variable);
        if (secret is not null && provider.SecretName.Length > 0 && secret(provider.SecretName) is { } stored && stored.SecurePassword.Length > 0)
            return new ProviderKey(stored, "SecretManagement " + provider.SecretName);
        return null;
    }
}
