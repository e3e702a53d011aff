using System.Security.Cryptography;
using ApiThreat.Engine.Discovery.Crawl;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// Finding an API that describes nothing (no description document, no links, an HTML or empty not-found page: the
/// Flask-RESTful quickstart's /todos, a Tornado JSON handler): a second not-found baseline asked with Accept:
/// application/json (Pyramid, Pecan and Slim answer it in JSON, a sign of an API framework), then the ranked resource
/// wordlist (ResourceWordlist, module/data/discovery/api-resources.json) as leads of the explore step: at Deep on every
/// origin, at Standard only on one recognised as an API framework or answering like an API. Each answer is judged like
/// any lead (AnswersLikeApi): JSON or XML and unlike the not-found baseline, so a catch-all page or soft 404 yields nothing.
/// </summary>
public sealed partial class ApiDiscoverer
{
    private const string WordlistLeadName = "the API resource wordlist";

    private sealed partial class OriginScan
    {
        private HttpProbeResult? _jsonCalibration;

        /// <summary>An unknown path asked for JSON: an API framework answers its not-found in JSON even where a browser gets HTML.</summary>
        private async Task CalibrateJsonAsync(CancellationToken ct)
        {
            var path = $"/apithreat-{Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant()}-not-found";
            _jsonCalibration = await SendAsync("GET", path, ct, headers: new[] { new KeyValuePair<string, string>("Accept", "application/json") }).ConfigureAwait(false);
        }

        /// <summary>True when unknown paths answer HTML (or nothing readable) to a browser but JSON or XML when JSON is asked for.</summary>
        private bool NegotiatesJsonErrors() =>
            _jsonCalibration is { StatusCode: >= 400 and < 500 } j && ApiSignals.IsApiContentType(j.ContentType) && j.Body.Length > 0
            && _calibrationAnswer is { } c && !ApiSignals.IsApiContentType(c.ContentType);

        /// <summary>Why the origin looks like an API or an API framework (Standard asks the wordlist only then); null when it does not.</summary>
        private string? ApiFrameworkReason()
        {
            if (_recognised.Count > 0) return $"answers like {string.Join(", ", _recognised)}";
            if (NegotiatesJsonErrors()) return $"an unknown path asked for JSON answers {_jsonCalibration!.StatusCode} {BaseType(_jsonCalibration.ContentType)}";
            if (ApiSignals.IsApiContentType(_root.ContentType)) return $"GET / answers {_root.StatusCode} {BaseType(_root.ContentType)}";
            if (_calibrationAnswer is { } c && ApiSignals.IsApiContentType(c.ContentType)) return $"an unknown path answers {c.StatusCode} {BaseType(c.ContentType)}";
            // No website at all: the root is an error without a page (CherryPy's server answers paths outside its mounted
            // applications with an empty 404), so whatever serves here is not for browsers.
            if (_root.StatusCode is >= 400 and < 500 && !ApiSignals.IsHtml(_root) && _root.Body.Length < 64) return $"GET / answers {_root.StatusCode} without a page";
            return null;
        }

        /// <summary>A second-wave reason the first wave's signals miss: JSON not-found answers to a JSON request.</summary>
        private string? NegotiationReason() =>
            NegotiatesJsonErrors() ? $"an unknown path asked for JSON answers {_jsonCalibration!.StatusCode} {BaseType(_jsonCalibration.ContentType)}" : null;

        /// <summary>The wordlist's paths as leads, when the origin describes nothing and (at Standard) looks like an API framework.</summary>
        private IEnumerable<Lead> WordlistLeads()
        {
            if (_request.Depth < DiscoveryDepth.Standard) return Array.Empty<Lead>();
            // What describes itself needs no guessing: a description, GraphQL, a product's documented API, a resource listing.
            if (!_specs.IsEmpty || !_graphql.IsEmpty || _serverApi is not null || _selfDescribed is not null || !_listings.IsEmpty) return Array.Empty<Lead>();
            string? why = _request.Depth >= DiscoveryDepth.Deep ? "-Depth Deep" : ApiFrameworkReason();
            if (why is null) return Array.Empty<Lead>();
            var roots = _versioned.Keys.Where(p => p != "/" && !p.Contains('?'));
            // A path some probe already asked (a framework's /version or /ping at Deep) is not asked again.
            var paths = ResourceWordlist.Bundled.For(_request.Depth, roots, AskedPaths().Contains);
            if (Network.LogEnabled) Network.Log($"{_origin}: {paths.Count} path(s) of {WordlistLeadName}: {why}");
            _wordlistAsked = true;
            return paths.Select(WordlistLead);
        }

        /// <summary>The paths this origin was already asked, whatever the method.</summary>
        private HashSet<string> AskedPaths() => _probed.Keys.Select(k => k[(k.IndexOf(' ') + 1)..]).ToHashSet(StringComparer.Ordinal);

        private static Lead WordlistLead(string path) => new(LeadKind.ApiPath, path, null, ApiSource.WellKnownPath, WordlistLeadName);

        private bool _wordlistAsked;

        /// <summary>
        /// After Standard's share of the wordlist found a resource (an operation it led to): the rest of the list's root
        /// paths, none already asked. Empty at Deep (it asked them all) and when Standard's share found nothing.
        /// </summary>
        private List<Lead> WidenedWordlistLeads()
        {
            if (!_wordlistAsked || _request.Depth >= DiscoveryDepth.Deep) return new List<Lead>();
            if (!_operations.Values.Any(o => o.Lead.FoundAt == WordlistLeadName)) return new List<Lead>();
            var asked = AskedPaths();
            var rest = ResourceWordlist.Bundled.Paths.Where(p => !asked.Contains(p)).ToList();
            if (rest.Count > 0 && Network.LogEnabled) Network.Log($"{_origin}: {rest.Count} more path(s) of {WordlistLeadName}: its first paths found a resource");
            return rest.Select(WordlistLead).ToList();
        }
    }
}
