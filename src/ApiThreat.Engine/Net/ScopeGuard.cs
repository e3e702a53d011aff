using System.Collections.Concurrent;
using System.Net;

namespace ApiThreat.Engine.Net;

/// <summary>
/// Decides what a scan may contact. Host patterns ("contoso.com" = the domain and its subdomains,
/// "*.contoso.com" = subdomains only) and CIDR blocks come from -Scope; -ExcludeScope always wins.
/// Without host patterns the scope is implicit: the names the user gave as input, each exactly
/// (and the subdomains of input domains). Private, loopback, link-local and metadata addresses are
/// refused unless AllowPrivateAddress is set or a -Scope CIDR names them.
/// </summary>
public sealed class ScopeGuard
{
    private readonly List<HostPattern> _include = new();
    private readonly List<HostPattern> _exclude = new();
    private readonly List<IPNetwork> _includeNetworks = new();
    private readonly List<IPNetwork> _excludeNetworks = new();
    private readonly ConcurrentDictionary<string, bool> _implicitHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _implicitDomains = new(StringComparer.OrdinalIgnoreCase);

    public ScopeGuard(IEnumerable<string>? scope = null, IEnumerable<string>? exclude = null, bool allowPrivateAddress = false)
    {
        AllowPrivateAddress = allowPrivateAddress;
        foreach (var entry in scope ?? Array.Empty<string>()) Add(entry, _include, _includeNetworks, "-Scope");
        foreach (var entry in exclude ?? Array.Empty<string>()) Add(entry, _exclude, _excludeNetworks, "-ExcludeScope");
    }

    public bool AllowPrivateAddress { get; }
    public bool HasExplicitHostScope => _include.Count > 0;

    /// <summary>Adds an input target to the implicit scope (only used when -Scope names no host pattern).</summary>
    public void AddImplicitHost(string host) => _implicitHosts.TryAdd(Normalize(host), true);

    /// <summary>Adds an input domain: itself and all its subdomains are in the implicit scope.</summary>
    public void AddImplicitDomain(string domain) => _implicitDomains.TryAdd(Normalize(domain), true);

    public bool IsHostInScope(string host, out string reason)
    {
        host = Normalize(host);
        reason = "";
        if (IPAddress.TryParse(host, out var literal))
        {
            // An address literal is in scope when it was an input or a -Scope CIDR holds it; never by a domain pattern.
            var isInput = _implicitHosts.ContainsKey(host);
            if (!isInput && !_includeNetworks.Any(n => n.ContainsAddress(literal)))
            {
                reason = "an address that is not one of the scanned targets nor in a -Scope CIDR";
                return false;
            }
            return IsAddressAllowed(literal, out reason, hostIsInput: isInput);
        }
        foreach (var p in _exclude)
            if (p.Matches(host)) { reason = $"excluded by -ExcludeScope '{p}'"; return false; }
        if (_include.Count > 0)
        {
            foreach (var p in _include) if (p.Matches(host)) return true;
            reason = "not matched by any -Scope entry";
            return false;
        }
        if (_includeNetworks.Count > 0) return true; // CIDR-only scope: addresses decide
        if (_implicitHosts.ContainsKey(host)) return true;
        foreach (var domain in _implicitDomains.Keys)
            if (host == domain || host.EndsWith("." + domain, StringComparison.Ordinal)) return true;
        reason = "not one of the scanned targets (give -Scope to allow other hosts)";
        return false;
    }

    public void EnsureHostInScope(string host)
    {
        if (!IsHostInScope(host, out var reason)) throw new OutOfScopeException(host, reason);
    }

    /// <summary>
    /// A CNAME target is checked like a host only when the user gave explicit host patterns: in the implicit
    /// scope, the input name's own aliases (api.contoso.com -> contoso.azurewebsites.net) are part of the target.
    /// Exclusions always apply. Addresses are checked separately, so a CNAME to 127.0.0.1 is still refused.
    /// </summary>
    public void EnsureHostInScopeForCname(string host, string cnameTarget)
    {
        var target = Normalize(cnameTarget);
        foreach (var p in _exclude)
            if (p.Matches(target)) throw new OutOfScopeException(host, $"its CNAME {target} is excluded by -ExcludeScope '{p}'");
        if (_include.Count > 0 && !_include.Any(p => p.Matches(target)) && !IsHostInScope(host, out _))
            throw new OutOfScopeException(host, $"its CNAME {target} is not matched by any -Scope entry");
    }

    public bool IsAddressAllowed(IPAddress address, out string reason, bool hostIsInput = false)
    {
        reason = "";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var n in _excludeNetworks)
            if (n.ContainsAddress(address)) { reason = $"{address} is excluded by -ExcludeScope {n}"; return false; }
        var inNetworkScope = _includeNetworks.Any(n => n.ContainsAddress(address));
        if (_includeNetworks.Count > 0 && !inNetworkScope && _include.Count == 0 && !hostIsInput)
        { reason = $"{address} is outside every -Scope CIDR"; return false; }
        var cls = AddressClassifier.Classify(address);
        if (cls != "Public" && cls != "Documentation" && !AllowPrivateAddress && !inNetworkScope)
        { reason = $"{address} is a {cls.ToLowerInvariant()} address (use -AllowPrivateAddress to scan it)"; return false; }
        return true;
    }

    public void EnsureAddressAllowed(string host, IPAddress address)
    {
        if (!IsAddressAllowed(address, out var reason)) throw new OutOfScopeException(host, reason);
    }

    private static void Add(string entry, List<HostPattern> hosts, List<IPNetwork> networks, string parameter)
    {
        var text = entry.Trim();
        if (text.Length == 0) return;
        if (IpNetworks.TryParse(text, out var network)) { networks.Add(network); return; }
        var pattern = HostPattern.TryParse(text);
        if (pattern is null)
            throw new ArgumentException($"{parameter} entry '{entry}' is not a domain (contoso.com), a wildcard (*.contoso.com) or a CIDR block (10.0.0.0/8).");
        hosts.Add(pattern);
    }

    internal static string Normalize(string host) => host.Trim().TrimEnd('.').Trim('[', ']').ToLowerInvariant();

    private sealed class HostPattern
    {
        private readonly string _domain;
        private readonly bool _subdomainsOnly;

        private HostPattern(string domain, bool subdomainsOnly) { _domain = domain; _subdomainsOnly = subdomainsOnly; }

        public static HostPattern? TryParse(string text)
        {
            var t = Normalize(text);
            var wildcard = t.StartsWith("*.", StringComparison.Ordinal);
            if (wildcard) t = t[2..];
            else if (t.StartsWith('.')) { t = t[1..]; }
            if (t.Length == 0 || t.Contains('*') || Uri.CheckHostName(t) != UriHostNameType.Dns) return null;
            return new HostPattern(t, wildcard);
        }

        public bool Matches(string host) =>
            (!_subdomainsOnly && host == _domain) || host.EndsWith("." + _domain, StringComparison.Ordinal);

        public override string ToString() => _subdomainsOnly ? "*." + _domain : _domain;
    }
}
