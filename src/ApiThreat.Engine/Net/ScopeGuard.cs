using System.Collections.Concurrent;
using System.Net;

namespace ApiThreat.Engine.Net;

/// <summary>
/// Decides what a scan may contact: the one place every connect of the engine asks (<see cref="Admit"/> for a host and
/// its resolution, <see cref="IsAddressAllowed"/> for a DNS server). Host patterns ("contoso.com" = the domain and its
/// subdomains, "*.contoso.com" = subdomains only) and CIDR blocks come from -Scope; -ExcludeScope always wins.
/// Without host patterns the scope is implicit: the names the user gave as input, each exactly (and the subdomains of
/// input domains). Private, loopback and link-local addresses are refused unless AllowPrivateAddress is set or a
/// -Scope CIDR names them; cloud metadata addresses need AllowMetadataAddress whatever else is allowed.
/// </summary>
public sealed class ScopeGuard
{
    private readonly List<HostPattern> _include = new();
    private readonly List<HostPattern> _exclude = new();
    private readonly List<IPNetwork> _includeNetworks = new();
    private readonly List<IPNetwork> _excludeNetworks = new();
    private readonly ConcurrentDictionary<string, bool> _implicitHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _implicitDomains = new(StringComparer.OrdinalIgnoreCase);
    private readonly IReadOnlyCollection<IPAddress> _extraMetadata;

    public ScopeGuard(IEnumerable<string>? scope = null, IEnumerable<string>? exclude = null, bool allowPrivateAddress = false,
        bool allowMetadataAddress = false)
        : this(scope, exclude, allowPrivateAddress, allowMetadataAddress, Array.Empty<IPAddress>())
    {
    }

    /// <param name="extraMetadataAddresses">Addresses treated as cloud metadata besides the real ones: loopback stand-ins
    /// for tests, which must never send a packet to the real metadata addresses.</param>
    internal ScopeGuard(IEnumerable<string>? scope, IEnumerable<string>? exclude, bool allowPrivateAddress, bool allowMetadataAddress,
        IReadOnlyCollection<IPAddress> extraMetadataAddresses)
    {
        AllowPrivateAddress = allowPrivateAddress;
        AllowMetadataAddress = allowMetadataAddress;
        _extraMetadata = extraMetadataAddresses;
        foreach (var entry in scope ?? Array.Empty<string>()) Add(entry, _include, _includeNetworks, "-Scope");
        foreach (var entry in exclude ?? Array.Empty<string>()) Add(entry, _exclude, _excludeNetworks, "-ExcludeScope");
    }

    public bool AllowPrivateAddress { get; }
    public bool AllowMetadataAddress { get; }
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

    /// <summary>
    /// The scope decision for a connect: the host name itself, every name of its CNAME chain, then each address. Returns
    /// the addresses that may be contacted, or throws <see cref="OutOfScopeException"/> naming why not. A CNAME that
    /// leaves an explicit -Scope stops the connect (recorded in the error, not followed): the host that would answer is
    /// somebody else's. In the implicit scope (no -Scope host pattern) an input name's own aliases are part of the
    /// target (api.contoso.com -> contoso.azurewebsites.net); -ExcludeScope applies to every name of the chain.
    /// </summary>
    public IReadOnlyList<IPAddress> Admit(string host, IReadOnlyList<string> cnameChain, IReadOnlyList<IPAddress> addresses)
    {
        var name = Normalize(host);
        AdmitChain(host, cnameChain);
        var isInput = _implicitHosts.ContainsKey(name);
        var allowed = new List<IPAddress>(addresses.Count);
        string? lastReason = null;
        foreach (var address in addresses)
        {
            if (IsAddressAllowed(address, out var reason, hostIsInput: isInput)) allowed.Add(address);
            else lastReason = reason;
        }
        if (allowed.Count == 0) throw new OutOfScopeException(host, lastReason ?? "it has no address");
        return allowed;
    }

    /// <summary>The name and its CNAME chain alone (a chain that ends nowhere still must not have left the scope).</summary>
    public void AdmitChain(string host, IReadOnlyList<string> cnameChain)
    {
        if (!IsHostInScope(host, out var why)) throw new OutOfScopeException(host, why);
        foreach (var alias in cnameChain)
        {
            var target = Normalize(alias);
            foreach (var p in _exclude)
                if (p.Matches(target)) throw new OutOfScopeException(host, $"its CNAME {target} is excluded by -ExcludeScope '{p}'");
            if (_include.Count > 0 && !_include.Any(p => p.Matches(target)))
                throw new OutOfScopeException(host,
                    $"its CNAME {target} is not matched by any -Scope entry (the CNAME is recorded, not followed; add -Scope {target} if that host is yours to scan)");
        }
    }

    public void EnsureHostInScope(string host)
    {
        if (!IsHostInScope(host, out var reason)) throw new OutOfScopeException(host, reason);
    }

    public bool IsAddressAllowed(IPAddress address, out string reason, bool hostIsInput = false)
    {
        reason = "";
        // Decided on the IPv4 address that a mapped, NAT64 or 6to4 address reaches.
        address = AddressClassifier.Unwrap(address);
        foreach (var n in _excludeNetworks)
            if (n.ContainsAddress(address)) { reason = $"{address} is excluded by -ExcludeScope {n}"; return false; }
        var cls = AddressClassifier.Classify(address);
        if (_extraMetadata.Count > 0 && _extraMetadata.Contains(address)) cls = AddressClassifier.Metadata;
        // Cloud metadata hands out the machine's credentials: neither -AllowPrivateAddress nor a -Scope CIDR opens it.
        if (cls == AddressClassifier.Metadata && !AllowMetadataAddress)
        { reason = $"{address} is a cloud metadata address (use -AllowMetadataAddress if you mean to reach it)"; return false; }
        var inNetworkScope = _includeNetworks.Any(n => n.ContainsAddress(address));
        if (_includeNetworks.Count > 0 && !inNetworkScope && _include.Count == 0 && !hostIsInput)
        { reason = $"{address} is outside every -Scope CIDR"; return false; }
        if (cls is not ("Public" or "Documentation" or AddressClassifier.Metadata) && !AllowPrivateAddress && !inNetworkScope)
        { reason = $"{address} is a {cls.ToLowerInvariant()} address (use -AllowPrivateAddress to scan it)"; return false; }
        return true;
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
