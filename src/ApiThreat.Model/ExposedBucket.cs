namespace ApiThreat;

/// <summary>The storage services Find-ExposedBucket checks.</summary>
public enum StorageProvider
{
    /// <summary>Amazon S3 and S3-compatible services (path or virtual-host style).</summary>
    S3 = 0,
    /// <summary>Azure Blob Storage: a container of a storage account.</summary>
    AzureBlob = 1,
    /// <summary>Google Cloud Storage (XML API).</summary>
    GoogleCloudStorage = 2,
}

/// <summary>A storage bucket or container whose name derives from the organisation's names, and what anyone may do with it.</summary>
public sealed class ExposedBucket
{
    /// <summary>Bucket name (S3, GCS) or account/container (Azure).</summary>
    public string Name { get; set; } = "";
    public StorageProvider Provider { get; set; }
    /// <summary>The URL of the bucket or container that was asked.</summary>
    public string Url { get; set; } = "";
    /// <summary>The organisation name or domain the candidate was made from.</summary>
    public string Source { get; set; } = "";
    public bool Exists { get; set; }
    /// <summary>Anyone can list the objects.</summary>
    public bool PublicList { get; set; }
    /// <summary>Anyone can read an object (null: no object name known to try).</summary>
    public bool? PublicRead { get; set; }
    /// <summary>Anyone can write (null: not probed; only with -Active).</summary>
    public bool? PublicWrite { get; set; }
    /// <summary>The status code of the listing request.</summary>
    public int StatusCode { get; set; }
    /// <summary>The provider's error code (NoSuchBucket, AccessDenied, ContainerNotFound...), when it gave one.</summary>
    public string? ErrorCode { get; set; }
    /// <summary>A few object names from a public listing (at most 10), as evidence.</summary>
    public string[] SampleObjects { get; set; } = Array.Empty<string>();
    /// <summary>The host the finding is scored under: the organisation's domain the name came from, else the endpoint's host.</summary>
    public string HostName { get; set; } = "";
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();
    public DateTimeOffset FirstSeen { get; set; } = DateTimeOffset.UtcNow;

    public override string ToString() => $"{Provider} {Name}";
}
