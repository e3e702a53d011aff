using System.Net;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>Find-Subdomain's passive-provider parameters as given, planned into the providers of one run.</summary>
public sealed class PassiveRequest
{
    public required string ProviderFile { get; init; }

    /// <summary>Every source of the run (Passive set when any provider is asked).</summary>
    public SubdomainSources Sources { get; init; }

    /// <summary>-Source as given (null when not given): the providers named one by one need a key.</summary>
    public SubdomainSources[]? Source { get; init; }

    /// <summary>-ApiKey: each provider name as given and its key; a null key was given as plain text and is refused.</summary>
    public IEnumerable<(string? Name, NetworkCredential? Key)> Keys { get; init; } = Array.Empty<(string?, NetworkCredential?)>();

    /// <summary>-ProviderEndpoint: each provider name as given and its API root.</summary>
    public IEnumerable<(string? Name, string? Endpoint)> Endpoints { get; init; } = Array.Empty<(string?, string?)>();

    /// <summary>-CertificateTransparencyUri, which is also the crt.sh provider's endpoint.</summary>
    public Uri? CertificateTransparencyUri { get; init; }

    /// <summary>Reads a key from the user's secret store by name (null: no store).</summary>
    public Func<string, NetworkCredential?>? Secrets { get; init; }

    /// <summary>
    /// The plan: provider names and endpoints checked, keys found. Throws <see cref="PassiveParameterException"/> for a
    /// bad name, endpoint or plain-text key and a named provider without a key; InvalidDataException for a bad provider file.
    /// </summary>
    public PassivePlan Plan()
    {
        var named = Source?.Where(s => s != SubdomainSources.Passive && s != SubdomainSources.Default).Aggregate(SubdomainSources.None, (all, one) => all | one)
            ?? SubdomainSources.Default;
        var keys = new Dictionary<string, NetworkCredential>(StringComparer.OrdinalIgnoreCase);
        foreach (var (given, key) in Keys)
        {
            var name = PassivePlanner.ProviderName(given, "-ApiKey");
            // The value is never echoed: it may be the key itself.
            keys[name] = key ?? throw new PassiveParameterException("InvalidApiKey", $"-ApiKey {name}: give the key as a SecureString or a PSCredential, not as plain text.",
                $"-ApiKey @{{ {name} = (Read-Host -AsSecureString) }}, (Get-Secret {name}), or set the provider's environment variable.", name);
        }
        var endpoints = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        if (CertificateTransparencyUri is not null) endpoints["CertificateTransparency"] = CertificateTransparencyUri;
        foreach (var (given, endpoint) in Endpoints)
        {
            var name = PassivePlanner.ProviderName(given, "-ProviderEndpoint");
            endpoints[name] = PassivePlanner.Endpoint(name, endpoint);
        }
        return PassivePlanner.Plan(ProviderFile, Sources, named, keys, endpoints, Secrets, Source);
    }
}
