using System.Collections.Concurrent;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// Documented operations of servers that publish no description (Prometheus, Alertmanager, Pushgateway): the
/// framework defaults of kind Operation. Each is asked once with GET (a placeholder filled like any lead's); it is kept,
/// with the methods the product's documentation names, when it answers like an API, or when it refuses GET with a 405
/// whose Allow header names those methods (Pushgateway's push path), which is the server saying the route exists. One
/// that answers a page is asked again with Accept: application/json, as the API's own clients ask (content negotiation).
/// Writes are never sent: the methods come from the documentation and the server's own Allow header. The ServerStatus
/// defaults (data stores, notebook servers) are one status GET whose answer stands for the operations their entry lists.
/// </summary>
public sealed partial class ApiDiscoverer
{
    private sealed partial class OriginScan
    {
        /// <summary>Documented operations whose GET answered 2xx without credentials.</summary>
        private readonly ConcurrentDictionary<string, byte> _openOperations = new(StringComparer.Ordinal);

        private static readonly KeyValuePair<string, string>[] s_acceptJson = { new("Accept", "application/json") };

        /// <summary>
        /// Whether the endpoint's documented operations answered without credentials: its own URL may answer nothing
        /// (Prometheus' /api/v1 is a 404), yet the API is open.
        /// </summary>
        private bool OperationsAnswerOpenly(ApiEndpoint e) => !_openOperations.IsEmpty && e.Operations.Any(o => _openOperations.ContainsKey(o.Path));

        private async Task ProbeOperationAsync(FrameworkPath path, LeadInfo lead, CancellationToken ct)
        {
            if (!FirstProbe(ProbeKind.Operation, path.Path)) return;
            var concrete = Concrete(path.Path);
            var r = await SendAsync("GET", concrete, ct).ConfigureAwait(false);
            if (r is null || LooksLikeCalibration(r, concrete)) return;
            if (r.StatusCode is >= 200 and < 300 && ApiSignals.IsHtml(r))
            {
                // A documented JSON operation that answered a page: the server negotiates, and our first request accepts
                // anything (*/*). Asked once more as an API client asks (Node-RED's GET /nodes is the node list in JSON to
                // Accept: application/json and the nodes' HTML to anyone else: https://nodered.org/docs/api/admin/methods/get/nodes/).
                var json = await SendAsync("GET", concrete, ct, headers: s_acceptJson).ConfigureAwait(false);
                if (json is null) return;
                r = json;
            }
            IEnumerable<string> methods;
            if (r.StatusCode == 405 && r.Header("Allow") is { } allow)
            {
                var allowed = allow.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(m => m.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
                methods = path.Methods.Where(allowed.Contains).ToList();
            }
            else if (AnswersLikeApi(r, concrete)) methods = path.Methods;
            else return;
            var template = StripQuery(path.Path);
            if (r.StatusCode is >= 200 and < 300) _openOperations.TryAdd(template, 0);
            foreach (var method in methods)
            {
                _confirmed.TryAdd(StripQuery(concrete), 0);
                AddOperation(method, template, lead);
            }
        }

        /// <summary>
        /// A ServerStatus entry (etcd /version, InfluxDB /ping, Jupyter /api, ZooKeeper /commands): one GET, or the entry's
        /// read-only XML-RPC call (Supervisor's system.listMethods), whose answer, when it names the product, stands for the
        /// operations the entry lists from the product's documentation (or the methods the call listed).
        /// </summary>
        private async Task ProbeServerStatusAsync(FrameworkPath path, LeadInfo lead, CancellationToken ct)
        {
            if (!FirstProbe(ProbeKind.ServerStatus, path.Path)) return;
            _leads.TryAdd(path.Path, lead);
            HttpProbeResult? r;
            if (path.Call is { } call)
            {
                // Supervisor's Medusa server leaves the body of a POST it refused (the GraphQL probe's) unread on the kept-alive
                // connection and answers the next request there 400. The call asks to close its connection, so a 400 is
                // asked again on another, at most three times: it is a read.
                var attempt = 0;
                do r = await SendAsync("POST", path.Path, ct, body: XmlRpc.Call(call), contentType: XmlRpc.ContentType, headers: XmlRpc.CloseConnection).ConfigureAwait(false);
                while (r is { StatusCode: 400 } && ++attempt < 3);
            }
            else r = await SendAsync("GET", path.Path, ct).ConfigureAwait(false);
            if (r is null || ServerApis.Read(path, r) is not { } api) return;
            var found = lead with { FoundAt = $"{api.Product} documentation" };
            _serverApi ??= (api, lead);
            _technologies.TryAdd(api.Title, 0);
            foreach (var (m, p) in api.Operations) AddOperation(m, p, found);
        }
    }
}
