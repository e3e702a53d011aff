using System.Net;

namespace ApiThreat.Engine.DigitalRisk.Buckets;

/// <summary>
/// Where each provider's buckets live, and how a bucket's URL is made from the endpoint: virtual-host style
/// (contoso-logs.s3.amazonaws.com, contoso.blob.core.windows.net) by default, path style (endpoint/bucket) for
/// endpoints given as an IP address or localhost (emulators and S3-compatible servers), for S3 bucket names with dots
/// (the provider's wildcard certificate cannot cover them), or when asked; GCS's XML API is always path style.
/// </summary>
public sealed class StorageEndpoints
{
    public static readonly Uri DefaultS3 = new("https://s3.amazonaws.com/");
    public static readonly Uri DefaultAzureBlob = new("https://blob.core.windows.net/");
    public static readonly Uri DefaultGcs = new("https://storage.googleapis.com/");

    public Uri S3 { get; init; } = DefaultS3;
    public Uri AzureBlob { get; init; } = DefaultAzureBlob;
    public Uri Gcs { get; init; } = DefaultGcs;
    public bool S3PathStyle { get; init; }

    /// <summary>The URL of a bucket or container (trailing slash), the root objects are named under.</summary>
    public Uri BucketUri(BucketCandidate c) => c.Provider switch
    {
        StorageProvider.S3 => S3PathStyle || IsLiteral(S3) || c.Bucket.Contains('.') ? Path(S3, c.Bucket) : Virtual(S3, c.Bucket, ""),
        StorageProvider.GoogleCloudStorage => Path(Gcs, c.Bucket),
        _ => IsLiteral(AzureBlob) ? Path(AzureBlob, $"{c.Account}/{c.Bucket}") : Virtual(AzureBlob, c.Account!, c.Bucket + "/"),
    };

    /// <summary>The host names whose subdomains the scan may contact (virtual-host buckets).</summary>
    public IEnumerable<Uri> All => new[] { S3, AzureBlob, Gcs };

    public static bool IsLiteral(Uri endpoint) =>
        IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out _) || endpoint.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase);

    private static Uri Path(Uri endpoint, string rest)
    {
        var root = endpoint.AbsoluteUri.EndsWith('/') ? endpoint.AbsoluteUri : endpoint.AbsoluteUri + "/";
        return new Uri(root + rest + "/");
    }

    private static Uri Virtual(Uri endpoint, string label, string rest)
    {
        var b = new UriBuilder(endpoint) { Host = $"{label}.{endpoint.Host}" };
        var root = b.Uri.AbsoluteUri.EndsWith('/') ? b.Uri.AbsoluteUri : b.Uri.AbsoluteUri + "/";
        return new Uri(root + rest);
    }
}
