using System.Collections.Concurrent;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.DigitalRisk.Buckets;

/// <summary>What one Find-ExposedBucket run does.</summary>
public sealed class BucketOptions
{
    public IReadOnlyList<string> Words { get; init; } = Array.Empty<string>();
    public IReadOnlyCollection<StorageProvider> Providers { get; init; } = Enum.GetValues<StorageProvider>();
    public StorageEndpoints Endpoints { get; init; } = new();
    /// <summary>Azure storage accounts to try instead of guessing them from the names.</summary>
    public IReadOnlyList<string> AzureAccounts { get; init; } = Array.Empty<string>();
    /// <summary>Azure containers to try in each account (default: <see cref="BucketCandidates.DefaultContainers"/> and the bases).</summary>
    public IReadOnlyList<string> AzureContainers { get; init; } = Array.Empty<string>();
    /// <summary>Probe public write (an object written, then deleted): only when the user asked (-Active) and confirmed.</summary>
    public bool ProbeWrite { get; init; }
    /// <summary>Also emit candidates that do not exist.</summary>
    public bool IncludeMissing { get; init; }
    public int Concurrency { get; init; } = 32;
}

/// <summary>Counters of one input's run.</summary>
public sealed class BucketStats
{
    public long Candidates, Existing, Public, Failed;
    public override string ToString() => $"{Candidates:N0} candidates, {Existing:N0} exist, {Public:N0} public, {Failed:N0} unreachable";
}

/// <summary>
/// Checks the candidate buckets of one organisation name or domain against S3-compatible, Azure Blob and Google Cloud
/// Storage endpoints: an anonymous listing (exists / public list), a read of a listed object (public read), and with
/// <see cref="BucketOptions.ProbeWrite"/> an anonymous write of a probe object that is deleted at once (public
/// write). Redirects are recorded, never followed; every answer is read as hostile XML. Takeover of unclaimed buckets
/// is Test-HijackSusceptibility's.
/// </summary>
public sealed class BucketFinder
{
    private const string ProbeBody = "ApiThreat public-write check: this object was written without credentials and should have been deleted.";
    private readonly NetworkContext _network;
    private readonly BucketOptions _options;
    private readonly ConcurrentDictionary<string, Task<bool>> _accounts = new(StringComparer.Ordinal);

    public BucketFinder(NetworkContext network, BucketOptions options)
    {
        _network = network;
        _options = options;
        foreach (var e in options.Endpoints.All)
        {
            if (StorageEndpoints.IsLiteral(e)) network.Scope.AddImplicitHost(e.Host.Trim('[', ']'));
            else network.Scope.AddImplicitDomain(e.Host);
        }
    }

    public async Task<BucketStats> RunAsync(string input, Func<ExposedBucket, ValueTask> emit, CancellationToken cancellationToken)
    {
        var stats = new BucketStats();
        var guessAccounts = !StorageEndpoints.IsLiteral(_options.Endpoints.AzureBlob);
        var candidates = BucketCandidates.For(input, _options.Words, _options.Providers, _options.AzureAccounts, _options.AzureContainers, guessAccounts);
        using var gate = new SemaphoreSlim(Math.Max(1, _options.Concurrency));
        var work = new List<Task>();
        foreach (var c in candidates)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            stats.Candidates++;
            work.Add(Task.Run(async () =>
            {
                try
                {
                    var bucket = await ProbeAsync(c, stats, cancellationToken).ConfigureAwait(false);
                    if (bucket is not null && (bucket.Exists || _options.IncludeMissing)) await emit(bucket).ConfigureAwait(false);
                }
                finally { gate.Release(); }
            }, cancellationToken));
            if (work.Count > 1024) work.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(work).ConfigureAwait(false);
        _network.Log($"{input}: buckets: {stats}");
        return stats;
    }

    private async Task<ExposedBucket?> ProbeAsync(BucketCandidate c, BucketStats stats, CancellationToken ct)
    {
        var uri = _options.Endpoints.BucketUri(c);
        var bucket = new ExposedBucket
        {
            Name = c.Account is null ? c.Bucket : $"{c.Account}/{c.Bucket}", Provider = c.Provider, Url = uri.AbsoluteUri, Source = c.Source,
            HostName = c.Source.Contains('.') && !c.Source.Contains(' ') ? c.Source.Trim().TrimEnd('.').ToLowerInvariant() : uri.IdnHost,
        };
        if (c.Account is not null && !await AccountExistsAsync(uri, c.Account, ct).ConfigureAwait(false)) return bucket;
        var list = new Uri(uri, c.Provider == StorageProvider.AzureBlob ? "?restype=container&comp=list&maxresults=10" : "?max-keys=10");
        HttpProbeResult response;
        try { response = await SendAsync(list, "GET", ct).ConfigureAwait(false); }
        catch (Exception ex) when (IsNetworkFailure(ex, ct))
        {
            Interlocked.Increment(ref stats.Failed);
            _network.Log($"{list}: {ex.Message}");
            return bucket;
        }
        var parsed = BucketResponse.Parse(response.Text);
        bucket.StatusCode = response.StatusCode;
        bucket.ErrorCode = parsed.ErrorCode;
        bucket.Exists = Exists(c.Provider, response.StatusCode, parsed);
        if (!bucket.Exists) return bucket;
        Interlocked.Increment(ref stats.Existing);
        if (response.StatusCode == 200 && parsed.IsListing)
        {
            bucket.PublicList = true;
            bucket.SampleObjects = parsed.Keys.ToArray();
            if (parsed.Keys.Count > 0) bucket.PublicRead = await ReadsAsync(new Uri(uri, EscapeKey(parsed.Keys[0])), ct).ConfigureAwait(false);
        }
        if (_options.ProbeWrite) bucket.PublicWrite = await WritesAsync(c, uri, ct).ConfigureAwait(false);
        bucket.Findings = Checks<BucketEvidence>.Run(new BucketEvidence { Bucket = bucket }).ToArray();
        if (bucket.Findings.Length > 0) Interlocked.Increment(ref stats.Public);
        return bucket;
    }

    /// <summary>Whether the answer says the bucket or container exists (private answers included), per the providers' documented codes.</summary>
    public static bool Exists(StorageProvider provider, int status, BucketResponse r)
    {
        if (status == 200) return true;
        if (provider == StorageProvider.AzureBlob)
            return status == 403 || (status == 409 && r.ErrorCode == "PublicAccessNotPermitted");
        return status switch
        {
            403 => r.ErrorCode is not ("InvalidAccessKeyId" or "AccountProblem"), // AccessDenied, AllAccessDisabled: the bucket is there
            301 or 307 => r.ErrorCode is "PermanentRedirect" or "TemporaryRedirect" || r.ErrorCode is null, // another region holds it
            _ => false,                                                                                      // 404 NoSuchBucket, 400 InvalidBucketName
        };
    }

    private async Task<bool> AccountExistsAsync(Uri containerUri, string account, CancellationToken ct)
    {
        if (StorageEndpoints.IsLiteral(_options.Endpoints.AzureBlob)) return true; // an emulator: accounts are path segments
        var host = containerUri.IdnHost;
        return await _accounts.GetOrAdd(account, _ => Resolve(host, ct)).ConfigureAwait(false);

        async Task<bool> Resolve(string h, CancellationToken token)
        {
            var r = await _network.Resolver.ResolveHostAsync(h, token).ConfigureAwait(false);
            if (r.Status == DnsStatus.NxDomain) _network.Log($"{h}: NXDOMAIN, no such storage account");
            return r.Status != DnsStatus.NxDomain;
        }
    }

    private async Task<bool> ReadsAsync(Uri objectUri, CancellationToken ct)
    {
        try
        {
            var r = await _network.Http.SendAsync(new HttpProbeRequest
            {
                Uri = objectUri, FollowRedirects = false, MaxBodyBytes = 1024,
                Headers = new[] { new KeyValuePair<string, string>("Range", "bytes=0-0") },
            }, ct).ConfigureAwait(false);
            return r.StatusCode is 200 or 206;
        }
        catch (Exception ex) when (IsNetworkFailure(ex, ct)) { return false; }
    }

    private async Task<bool> WritesAsync(BucketCandidate c, Uri bucketUri, CancellationToken ct)
    {
        var objectUri = new Uri(bucketUri, $"apithreat-write-check-{Guid.NewGuid():N}.txt");
        var headers = c.Provider == StorageProvider.AzureBlob
            ? new[] { new KeyValuePair<string, string>("x-ms-blob-type", "BlockBlob"), new KeyValuePair<string, string>("x-ms-version", "2021-08-06") }
            : Array.Empty<KeyValuePair<string, string>>();
        try
        {
            var put = await _network.Http.SendAsync(new HttpProbeRequest
            {
                Uri = objectUri, Method = "PUT", Body = ProbeBody, BodyContentType = "text/plain", Headers = headers, FollowRedirects = false, MaxBodyBytes = 4096,
            }, ct).ConfigureAwait(false);
            if (put.StatusCode is not (200 or 201)) return false;
            _network.Log($"{objectUri}: written anonymously; deleting the probe object");
            try { await SendAsync(objectUri, "DELETE", ct).ConfigureAwait(false); }
            catch (Exception ex) when (IsNetworkFailure(ex, ct)) { _network.Log($"{objectUri}: the probe object could not be deleted: {ex.Message}"); }
            return true;
        }
        catch (Exception ex) when (IsNetworkFailure(ex, ct)) { return false; }
    }

    private Task<HttpProbeResult> SendAsync(Uri uri, string method, CancellationToken ct) =>
        _network.Http.SendAsync(new HttpProbeRequest { Uri = uri, Method = method, FollowRedirects = false, MaxBodyBytes = 256 * 1024 }, ct);

    private static bool IsNetworkFailure(Exception ex, CancellationToken ct) =>
        ex is TargetException or HttpRequestException or IOException or System.Net.Sockets.SocketException
        || (ex is OperationCanceledException && !ct.IsCancellationRequested);

    private static string EscapeKey(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
}
