using System.Collections;
using System.Management.Automation;
using ApiThreat.Engine.Discovery.Subdomains;
using ApiThreat.Engine.Discovery.Subdomains.Passive;

namespace ApiThreat.Infrastructure;

/// <summary>
/// Base of a cmdlet that searches a domain for subdomains: which sources to use (the passive providers with their
/// keys and endpoints among them), how deep to recurse, whether wildcard matches are written, and the
/// <see cref="SubdomainFinder"/> those options make.
/// </summary>
public abstract class SubdomainSearchCmdlet : SubdomainSourceCmdlet
{
    /// <summary>Sources to use (default: Wordlist, ZoneTransfer, CertificateTransparency, TlsSan, Permutation); Passive = every provider.</summary>
    [Parameter]
    public SubdomainSources[]? Source { get; set; }

    /// <summary>API keys of passive providers by name: a SecureString, or a PSCredential (Censys: user name = organisation id).</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? ApiKey { get; set; }

    /// <summary>Provider API roots by name, instead of the provider file's (a mirror, a proxy, a test stub).</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? ProviderEndpoint { get; set; }

    /// <summary>Levels of brute force under found names (uses the first 256 labels of the wordlist).</summary>
    [Parameter]
    [ValidateRange(0, 5)]
    public int Recurse { get; set; }

    /// <summary>Also write names that only matched a wildcard (IsWildcard = $true).</summary>
    [Parameter]
    public SwitchParameter IncludeWildcard { get; set; }

    /// <summary>
    /// The finder for these options: -Source checked (InvalidSource), the wordlist read only when a source needs it,
    /// the passive providers planned with their keys. It is disposed with the network context.
    /// </summary>
    protected SubdomainFinder CreateFinder()
    {
        if (SourceSelection.Combine(Source) is not { } sources)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Source '{string.Join(", ", Source!)}' names no source to search."),
                "InvalidSource", ErrorCategory.InvalidArgument, Source) { ErrorDetails = new ErrorDetails(SourceSelection.Accepted) });
            return null!;
        }
        var wordlist = SourceSelection.NeedsWordlist(sources, Recurse) ? WordlistPath() : null;
        var ct = CertificateTransparencyEndpoint();
        var passive = PlanPassive(sources);
        return Own(new SubdomainFinder(Network, new SubdomainOptions
        {
            Sources = sources,
            WordlistPath = wordlist,
            CertificateTransparencyUri = ct,
            TlsPorts = TlsPort,
            RecurseDepth = Recurse,
            IncludeWildcard = IncludeWildcard.IsPresent,
            NameServerPort = NameServerPort,
            Passive = passive,
            MaxInFlight = QueriesInFlight(),
        }));
    }

    /// <summary>The passive providers of this run with their keys; a provider named in -Source without a key stops the run.</summary>
    private PassiveSearch? PlanPassive(SubdomainSources sources)
    {
        if ((sources & SubdomainSources.Passive) == 0) return null;
        var request = new PassiveRequest
        {
            ProviderFile = DataPaths.PassiveProviders, Sources = sources, Source = Source, CertificateTransparencyUri = CertificateTransparencyUri,
            Keys = NamedValues.Entries(ApiKey).Select(e => (e.Key, NamedValues.Credential(e.Value))),
            Endpoints = NamedValues.Entries(ProviderEndpoint).Select(e => (e.Key, e.Value?.ToString())),
            Secrets = SecretManagement.Reader(this),
        };
        try
        {
            var plan = request.Plan();
            foreach (var line in PassivePlanner.Describe(plan)) WriteVerbose(line);
            return Own(new PassiveSearch(Network, plan));
        }
        catch (PassiveParameterException ex)
        {
            ThrowTerminatingError(InputErrors.Parameter(ex.Message, ex.ErrorId, ex.Target, ex.Fix));
        }
        catch (InvalidDataException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidProviderFile", ErrorCategory.InvalidData, DataPaths.PassiveProviders));
        }
        return null;
    }
}
