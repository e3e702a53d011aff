using System.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>A passive-source parameter that voids the run: its error id, message, fix and the value it names.</summary>
public sealed class PassiveParameterException : ArgumentException
{
    public PassiveParameterException(string errorId, string message, string fix, object? target) : base(message)
    {
        ErrorId = errorId;
        Fix = fix;
        Target = target;
    }

    public string ErrorId { get; }
    public string Fix { get; }
    public object? Target { get; }
}

/// <summary>
/// Find-Subdomain's passive providers from its parameters: provider names checked against the adapters, endpoint
/// overrides checked as http(s) URLs, keys found (given, environment, secret store), and a provider named in -Source
/// without a key refused before anything is sent.
/// </summary>
public static class PassivePlanner
{
    private static readonly string[] s_known = PassiveProvider.All.Keys.Order().ToArray();

    /// <summary>The provider's canonical name; an unknown one is an UnknownProvider error naming <paramref name="parameter"/>.</summary>
    public static string ProviderName(string? name, string parameter)
    {
        name ??= "";
        return s_known.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new PassiveParameterException("UnknownProvider",
                $"{parameter} names '{TextSafety.StripControl(TextSafety.Truncate(name, 60))}', which is not a passive provider.",
                $"Use one of: {string.Join(", ", s_known)}.", name);
    }

    /// <summary>-ProviderEndpoint's value for a provider (already named by <see cref="ProviderName"/>).</summary>
    public static Uri Endpoint(string provider, string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new PassiveParameterException("InvalidProviderEndpoint", $"-ProviderEndpoint {provider} is not an http(s) URL.",
                "Give the provider's API root, such as https://api.example.com/v1/.", provider);

    /// <summary>
    /// The plan of a run over <paramref name="sources"/>; <paramref name="named"/> are the sources the user named one by one.
    /// Throws ProviderKeyMissing when a named provider has no key; InvalidDataException when the provider file is bad.
    /// </summary>
    public static PassivePlan Plan(string providerFile, SubdomainSources sources, SubdomainSources named,
        IReadOnlyDictionary<string, NetworkCredential> keys, IReadOnlyDictionary<string, Uri> endpoints,
        Func<string, NetworkCredential?>? secrets, object? sourceParameter)
    {
        var settings = ProviderSettings.Load(providerFile);
        var plan = PassivePlan.Build(sources, named, settings, endpoints, p => ProviderKeys.Find(p, keys, Environment.GetEnvironmentVariable, secrets));
        if (plan.MissingKeys.Count == 0) return plan;
        var what = string.Join("; ", plan.MissingKeys.Select(p => $"{p.Name} (-ApiKey @{{ {p.Name} = <SecureString> }}" +
            (p.Environment.Count > 0 ? $", $env:{p.Environment[0]}" : "") + (p.SecretName.Length > 0 ? $" or the secret '{p.SecretName}'" : "") + ")"));
        throw new PassiveParameterException("ProviderKeyMissing", $"-Source names provider(s) that need an API key and have none: {what}.",
            "Give each provider its key, or leave it out of -Source.", sourceParameter);
    }

    /// <summary>The verbose lines of a plan: providers skipped for want of a key, and each provider asked (endpoint redacted, key origin).</summary>
    public static IEnumerable<string> Describe(PassivePlan plan)
    {
        foreach (var p in plan.Skipped)
            yield return $"{p.Name}: skipped, no API key (-ApiKey, $env:{string.Join("/$env:", p.Environment)}{(p.SecretName.Length > 0 ? $", secret '{p.SecretName}'" : "")}).";
        foreach (var (p, key) in plan.Providers)
            yield return $"{p.Name}: {TextSafety.RedactUri(p.Endpoint)}{(key is null ? "" : $", key from {key.Origin}")}.";
    }
}
