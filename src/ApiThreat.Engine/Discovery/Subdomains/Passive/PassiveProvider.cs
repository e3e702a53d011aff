using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>
/// One passive source's adapter: how its documented API is asked for the names under a domain, page by page. Adapters
/// are found by reflection (one small class per provider in this folder); where the API lives, its key and its rate
/// come from the provider file.
/// </summary>
public abstract class PassiveProvider
{
    public abstract SubdomainSources Source { get; }
    public string Name => Source.ToString();

    /// <summary>Asks for the names under <see cref="ProviderQuery.Domain"/>, handing each page's names to the query as it arrives.</summary>
    public abstract Task SearchAsync(ProviderQuery query, CancellationToken cancellationToken);

    private static readonly Lazy<IReadOnlyDictionary<string, PassiveProvider>> s_all = new(() =>
        typeof(PassiveProvider).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(PassiveProvider).IsAssignableFrom(t))
            .Select(t => (PassiveProvider)Activator.CreateInstance(t, nonPublic: true)!)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase));

    /// <summary>Every adapter, by provider name.</summary>
    public static IReadOnlyDictionary<string, PassiveProvider> All => s_all.Value;
}

/// <summary>What an adapter works with for one domain: the provider's client and settings, and where the names go.</summary>
public sealed class ProviderQuery
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public ProviderQuery(string domain, ProviderClient client)
    {
        Domain = domain;
        Client = client;
    }

    public string Domain { get; }
    public ProviderClient Client { get; }
    public ProviderSettings Settings => Client.Settings;
    public ProviderKey? Key => Client.Key;
    public int Pages { get; private set; }
    /// <summary>Most names kept from one provider for one domain.</summary>
    public const int MaxNames = 200_000;
    public IReadOnlyCollection<string> Names => _names;
    /// <summary>Set when the provider said its list was cut (plan limit) or the page cap was reached.</summary>
    public string? Incomplete { get; set; }

    /// <summary>The endpoint with a relative path and query appended ("domains/x/subdomains", ("limit","40")).</summary>
    public Uri Url(string relative, params (string Name, string? Value)[] query)
    {
        var root = Settings.Endpoint.AbsoluteUri.EndsWith('/') ? Settings.Endpoint : new Uri(Settings.Endpoint.AbsoluteUri + "/");
        var builder = new UriBuilder(new Uri(root, relative));
        var existing = builder.Query.TrimStart('?');
        var added = string.Join("&", query.Where(q => q.Value is not null).Select(q => $"{Uri.EscapeDataString(q.Name)}={Uri.EscapeDataString(q.Value!)}"));
        builder.Query = string.Join("&", new[] { existing, added }.Where(s => s.Length > 0));
        return builder.Uri;
    }

    /// <summary>A page was read: true while more pages may be asked for.</summary>
    public bool NextPage()
    {
        Pages++;
        if (Pages < Settings.MaxPages) return _names.Count < MaxNames;
        Incomplete ??= $"stopped after {Pages} page(s) (maxPages in the provider file)";
        return false;
    }

    /// <summary>Adds a name the provider gave, if it is a host under the domain (a wildcard gives its parent).</summary>
    public void Add(string? value)
    {
        if (value is null || _names.Count >= MaxNames) return;
        if (CertificateTransparencySource.NameUnder(value, Domain) is { } name) _names.Add(name);
    }

    /// <summary>Adds a label under the domain (providers that answer "api" for api.contoso.com).</summary>
    public void AddLabel(string? label)
    {
        if (!string.IsNullOrWhiteSpace(label)) Add(label.TrimEnd('.') + "." + Domain);
    }

    /// <summary>Adds the host of a URL (archives and scan engines list URLs).</summary>
    public void AddUrlHost(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return;
        var text = url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri)) Add(uri.IdnHost);
    }

    /// <summary>The body as JSON, or a clear error naming the provider: hostile or broken answers never pass as "no names".</summary>
    public JToken Json(ProviderResponse response, string expected)
    {
        try
        {
            using var reader = new JsonTextReader(new StreamReader(new MemoryStream(response.Body))) { MaxDepth = 64, DateParseHandling = DateParseHandling.None };
            var token = JToken.ReadFrom(reader);
            return token;
        }
        catch (JsonException ex) { throw Client.Malformed(response, expected, ex); }
    }
}
