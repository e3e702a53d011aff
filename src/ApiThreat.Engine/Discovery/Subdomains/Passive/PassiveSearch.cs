using System.Net;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>Which providers one run asks, with their keys; and the providers named that cannot run (no key).</summary>
public sealed class PassivePlan
{
    public IReadOnlyList<(ProviderSettings Settings, ProviderKey? Key)> Providers { get; init; } = Array.Empty<(ProviderSettings, ProviderKey?)>();
    /// <summary>Providers named explicitly in -Source that need a key and have none: the run must not start.</summary>
    public IReadOnlyList<ProviderSettings> MissingKeys { get; init; } = Array.Empty<ProviderSettings>();
    /// <summary>Providers of -Source Passive left out for want of a key (for -Verbose).</summary>
    public IReadOnlyList<ProviderSettings> Skipped { get; init; } = Array.Empty<ProviderSettings>();

    /// <param name="sources">The sources of the run.</param>
    /// <param name="named">The sources the user named one by one (not through Passive): a missing key there is an error.</param>
    /// <param name="endpoints">-ProviderEndpoint overrides by provider name.</param>
    public static PassivePlan Build(SubdomainSources sources, SubdomainSources named, IReadOnlyList<ProviderSettings> settings,
        IReadOnlyDictionary<string, Uri> endpoints, Func<ProviderSettings, ProviderKey?> keyOf)
    {
        var run = new List<(ProviderSettings, ProviderKey?)>();
        var missing = new List<ProviderSettings>();
        var skipped = new List<ProviderSettings>();
        foreach (var adapter in PassiveProvider.All.Values.OrderBy(p => (int)p.Source))
        {
            if ((sources & adapter.Source) == 0) continue;
            var entry = settings.FirstOrDefault(s => s.Name.Equals(adapter.Name, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidDataException($"The provider file has no entry for {adapter.Name}.");
            foreach (var (name, uri) in endpoints)
                if (name.Equals(adapter.Name, StringComparison.OrdinalIgnoreCase)) entry = entry with { Endpoint = uri };
            var key = entry.Key == ProviderKeyUse.None ? null : keyOf(entry);
            if (entry.Key == ProviderKeyUse.Required && key is null)
            {
                ((named & adapter.Source) != 0 ? missing : skipped).Add(entry);
                continue;
            }
            run.Add((entry, key));
        }
        return new PassivePlan { Providers = run, MissingKeys = missing, Skipped = skipped };
    }
}

/// <summary>
/// The passive providers of one invocation: a client per provider (its own scope, pacing and retries), asked
/// concurrently for each domain. Names found by several providers carry all of them. A provider that fails gives one
/// clear error for that domain; one whose key was refused or quota spent is not asked again for later domains.
/// </summary>
public sealed class PassiveSearch : IDisposable
{
    private readonly List<(PassiveProvider Adapter, ProviderClient Client)> _providers = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ProviderException> _disabled = new(StringComparer.OrdinalIgnoreCase);
    private readonly Action<string> _log;

    public PassiveSearch(NetworkContext network, PassivePlan plan, TimeSpan? backoffBase = null)
    {
        _log = network.Log;
        foreach (var (settings, key) in plan.Providers)
            _providers.Add((PassiveProvider.All[settings.Name], new ProviderClient(settings, key, network, backoffBase)));
    }

    /// <summary>A search with only crt.sh at <paramref name="endpoint"/> (callers that predate the provider file).</summary>
    public static PassiveSearch CertificateTransparencyOnly(NetworkContext network, Uri endpoint) =>
        new(network, new PassivePlan
        {
            Providers = new (ProviderSettings, ProviderKey?)[]
            {
                (new ProviderSettings { Name = "CertificateTransparency", Title = "Certificate Transparency (crt.sh)", Endpoint = endpoint, Timeout = TimeSpan.FromSeconds(90) }, null),
            },
        });

    public IReadOnlyList<string> ProviderNames => _providers.Select(p => p.Client.Name).ToArray();

    /// <summary>Names under the domain from every provider, each with the sources that gave it.</summary>
    public async Task<Dictionary<string, SubdomainSources>> SearchAsync(string domain, Func<ProviderException, ValueTask> fail,
        CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, SubdomainSources>(StringComparer.Ordinal);
        var runs = _providers.Where(p => !_disabled.ContainsKey(p.Client.Name)).Select(async p =>
        {
            var query = new ProviderQuery(domain, p.Client);
            try
            {
                await p.Adapter.SearchAsync(query, cancellationToken).ConfigureAwait(false);
                _log($"{domain}: {p.Client.Name} gave {query.Names.Count} name(s) in {query.Pages} page(s)" +
                    (query.Incomplete is null ? "" : $"; incomplete: {query.Incomplete}"));
            }
            catch (ProviderException ex)
            {
                if (ex.DisablesProvider && !_disabled.TryAdd(p.Client.Name, ex)) return (p.Adapter.Source, query.Names);
                _log($"{domain}: {p.Client.Name} failed after {query.Names.Count} name(s): {ex.Message}");
                await fail(ex).ConfigureAwait(false);
            }
            return (p.Adapter.Source, query.Names);
        }).ToList();
        foreach (var (source, names) in await Task.WhenAll(runs).ConfigureAwait(false))
            foreach (var name in names)
                found[name] = found.GetValueOrDefault(name) | source;
        return found;
    }

    public void Dispose()
    {
        foreach (var (_, client) in _providers) client.Dispose();
    }
}
