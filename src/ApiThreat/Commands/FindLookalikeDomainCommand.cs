using System.Management.Automation;
using ApiThreat.Engine.DigitalRisk.Lookalike;
using ApiThreat.Engine.Net;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Lookalike domains of the organisation's domains (typosquats, homoglyphs, bitsquats, TLD swaps...): generated,
/// resolved (REFUSED/SERVFAIL/timeouts are Unknown, never registered), and for registered ones MX, page similarity,
/// certificate names and RDAP dates, with ATR-DRP findings. Each LookalikeDomain is written as soon as it is known.
/// </summary>
[Cmdlet(VerbsCommon.Find, "LookalikeDomain")]
[OutputType(typeof(LookalikeDomain))]
public sealed class FindLookalikeDomainCommand : NetworkCmdlet
{
    private LookalikeFinder? _finder;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Domain { get; set; } = Array.Empty<string>();

    /// <summary>Fuzzers to run (default: all).</summary>
    [Parameter]
    [ValidateSet("addition", "bitsquatting", "cyrillic", "homoglyph", "hyphenation", "insertion", "omission", "repetition", "replacement",
        "subdomain", "transposition", "vowel-swap", "plural", "dictionary", "tld-swap", "various")]
    public string[]? Fuzzer { get; set; }

    /// <summary>A file of words (one a line) for the dictionary fuzzer.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Dictionary { get; set; }

    /// <summary>A file of suffixes (one a line) for the tld-swap fuzzer (default: the module's data/digitalrisk/tlds.txt).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TldList { get; set; }

    /// <summary>Also write unregistered and Unknown candidates.</summary>
    [Parameter]
    public SwitchParameter IncludeUnregistered { get; set; }

    /// <summary>Only list the candidates: no DNS, web or RDAP (Status NotChecked).</summary>
    [Parameter]
    public SwitchParameter NoResolve { get; set; }

    /// <summary>Enrichments of registered lookalikes to leave out.</summary>
    [Parameter]
    public LookalikeEnrichment[]? Skip { get; set; }

    /// <summary>The HTTPS port whose page and certificate are read (default 443).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int HttpsPort { get; set; } = 443;

    /// <summary>The HTTP port tried when HTTPS gives no page (default 80).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int HttpPort { get; set; } = 80;

    /// <summary>One RDAP base URL for every TLD (default: the RDAP bootstrap registry).</summary>
    [Parameter]
    public Uri? RdapUri { get; set; }

    /// <summary>A registration this recent (days) raises ATR-DRP-003 (default 30).</summary>
    [Parameter]
    [ValidateRange(1, 3650)]
    public int NewlyRegisteredDays { get; set; } = 30;

    /// <summary>Page similarity (0-100) from which ATR-DRP-002 is raised (default 80).</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int SimilarityThreshold { get; set; } = 80;

    /// <summary>Upper bound of candidates per domain (default 200000).</summary>
    [Parameter]
    [ValidateRange(1, 10_000_000)]
    public int MaxCandidates { get; set; } = 200_000;

    protected override int Concurrency => Math.Min(ThrottleLimit, 16);

    protected override void OnNetworkReady()
    {
        var skip = new HashSet<LookalikeEnrichment>(Skip ?? Array.Empty<LookalikeEnrichment>());
        var fuzzers = Fuzzer is null ? null : new HashSet<string>(Fuzzer.Select(f => f.ToLowerInvariant()), StringComparer.Ordinal);
        var words = Dictionary is null ? Array.Empty<string>() : ReadList(Dictionary, "Dictionary", "a text file of words, one a line");
        var tlds = ReadList(TldList ?? DataPaths.Bundled("digitalrisk", "tlds.txt"), "TldList", "a text file of suffixes (com, co.uk...), one a line");
        if (fuzzers is not null && fuzzers.Contains("dictionary") && words.Length == 0)
            WriteWarning("The dictionary fuzzer needs -Dictionary (a file of words): it makes no candidate without one.");
        if (RdapUri is not null && (!RdapUri.IsAbsoluteUri || RdapUri.Scheme is not ("http" or "https")))
            ThrowTerminatingError(InputErrors.Parameter($"-RdapUri '{RdapUri}' is not an http(s) URL.", "InvalidRdapUri", RdapUri, "Give an RDAP base URL such as https://rdap.verisign.com/com/v1/."));
        RdapBootstrap? bootstrap = null;
        if (RdapUri is null && !skip.Contains(LookalikeEnrichment.Rdap) && !NoResolve)
        {
            bootstrap = LookalikeLists.Bootstrap(DataPaths.RdapBootstrap, out var unreadable);
            if (unreadable is not null) WriteWarning(unreadable);
        }
        _finder = new LookalikeFinder(Network, new LookalikeOptions
        {
            Generator = new LookalikeGeneratorOptions { Fuzzers = fuzzers, Dictionary = words, Tlds = tlds, MaxCandidates = MaxCandidates },
            NoResolve = NoResolve.IsPresent,
            IncludeUnregistered = IncludeUnregistered.IsPresent,
            FetchPage = !skip.Contains(LookalikeEnrichment.Page),
            ReadCertificate = !skip.Contains(LookalikeEnrichment.Certificate),
            QueryRdap = !skip.Contains(LookalikeEnrichment.Rdap),
            HttpsPort = HttpsPort,
            HttpPort = HttpPort,
            RdapUri = RdapUri,
            Bootstrap = bootstrap,
            NewlyRegisteredDays = NewlyRegisteredDays,
            SimilarityThreshold = SimilarityThreshold,
            MaxInFlight = QueriesInFlight(),
            EnrichConcurrency = Math.Clamp(ThrottleLimit, 1, 32),
        });
    }

    private string[] ReadList(string path, string parameter, string what)
    {
        try { return LookalikeLists.Read(GetUnresolvedProviderPathFromPSPath(path)); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(InputErrors.Parameter($"-{parameter} '{path}' cannot be read: {ex.Message}", "Invalid" + parameter, path, $"Give -{parameter} {what}.", ex));
            return Array.Empty<string>();
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var input in Domain)
        {
            if (!ScanTarget.TryDomain(input, out var domain, out var error))
            {
                WriteError(InputErrors.InvalidDomain(input, error));
                continue;
            }
            var d = domain;
            Start(input, async (sink, ct) =>
            {
                await _finder!.RunAsync(d, l => sink.OutputAsync(l), w => sink.WarningAsync(w), ct).ConfigureAwait(false);
            });
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _finder?.Dispose();
        base.Dispose(disposing);
    }
}
