using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>Whether a provider needs an API key: not at all, for more quota, or always.</summary>
public enum ProviderKeyUse { None, Optional, Required }

/// <summary>
/// One provider's entry of the provider file (module/data/passive/providers.json): where its API is, how it takes a
/// key, and how hard it may be asked. The adapter (one class per provider) knows the API's shape; this knows the rest.
/// </summary>
public sealed record ProviderSettings
{
    public required string Name { get; init; }
    public string Title { get; init; } = "";
    /// <summary>The API root the adapter appends its documented path to.</summary>
    public required Uri Endpoint { get; init; }
    public ProviderKeyUse Key { get; init; }
    /// <summary>Environment variables read for the key (for Censys: the token, then the organisation id).</summary>
    public IReadOnlyList<string> Environment { get; init; } = Array.Empty<string>();
    /// <summary>The SecretManagement secret read for the key when that module is installed.</summary>
    public string SecretName { get; init; } = "";
    /// <summary>The most requests per second sent to the provider (0 = unlimited).</summary>
    public double RequestsPerSecond { get; init; } = 1;
    public int MaxPages { get; init; } = 10;
    /// <summary>Attempts after a 429, a 5xx or a dropped connection.</summary>
    public int Retries { get; init; } = 3;
    /// <summary>The longest Retry-After honoured; a provider asking for more fails at once with its wait in the message.</summary>
    public TimeSpan MaxRetryWait { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    public string Documentation { get; init; } = "";

    /// <summary>Reads the provider file; a broken file names itself and what is wrong.</summary>
    public static IReadOnlyList<ProviderSettings> Load(string path)
    {
        JObject root;
        try
        {
            using var reader = new JsonTextReader(File.OpenText(path)) { MaxDepth = 16 };
            root = JObject.Load(reader);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidDataException($"The provider file '{path}' could not be read: {ex.Message}", ex);
        }
        if (root["providers"] is not JArray list)
            throw new InvalidDataException($"The provider file '{path}' has no 'providers' array.");
        var all = new List<ProviderSettings>();
        foreach (var item in list.OfType<JObject>())
        {
            var name = (string?)item["name"];
            var endpoint = (string?)item["endpoint"];
            if (string.IsNullOrWhiteSpace(name) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new InvalidDataException($"The provider file '{path}' has an entry without a name or an http(s) endpoint: {item.ToString(Formatting.None)}");
            all.Add(new ProviderSettings
            {
                Name = name,
                Title = (string?)item["title"] ?? name,
                Endpoint = uri,
                Key = Enum.TryParse<ProviderKeyUse>((string?)item["key"], ignoreCase: true, out var key) ? key : ProviderKeyUse.None,
                Environment = item["environment"]?.Values<string>().OfType<string>().ToArray() ?? Array.Empty<string>(),
                SecretName = (string?)item["secretName"] ?? "",
                RequestsPerSecond = Math.Max(0, (double?)item["requestsPerSecond"] ?? 1),
                MaxPages = Math.Clamp((int?)item["maxPages"] ?? 10, 1, 1000),
                Retries = Math.Clamp((int?)item["retries"] ?? 3, 0, 10),
                MaxRetryWait = TimeSpan.FromSeconds(Math.Clamp((double?)item["maxRetryWaitSeconds"] ?? 60, 0, 3600)),
                Timeout = TimeSpan.FromSeconds(Math.Clamp((double?)item["timeoutSeconds"] ?? 30, 1, 3600)),
                Documentation = (string?)item["documentation"] ?? "",
            });
        }
        return all;
    }
}
