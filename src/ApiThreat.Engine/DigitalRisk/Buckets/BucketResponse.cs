using System.Xml;

namespace ApiThreat.Engine.DigitalRisk.Buckets;

/// <summary>What a storage service's XML answer says: an object listing (S3/GCS ListBucketResult, Azure EnumerationResults) or an error code.</summary>
public sealed record BucketResponse(bool IsListing, IReadOnlyList<string> Keys, string? ErrorCode, string? ErrorMessage)
{
    private const int MaxKeys = 10;
    private static readonly BucketResponse s_empty = new(false, Array.Empty<string>(), null, null);

    /// <summary>
    /// Reads the answer as hostile XML (no DTD, no external entities, bounded size): S3 and GCS list objects as
    /// ListBucketResult/Contents/Key, Azure as EnumerationResults/Blobs/Blob/Name; errors are Error/Code and Message on
    /// all three. Anything else (an HTML page, JSON) is neither.
    /// </summary>
    public static BucketResponse Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '<') return s_empty;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 4 * 1024 * 1024,
            IgnoreComments = true, IgnoreWhitespace = true,
        };
        var keys = new List<string>();
        string? root = null, code = null, message = null;
        try
        {
            using var reader = XmlReader.Create(new StringReader(body), settings);
            var path = new List<string>();
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    root ??= reader.LocalName;
                    if (reader.IsEmptyElement) continue;
                    path.Add(reader.LocalName);
                }
                else if (reader.NodeType == XmlNodeType.EndElement) { if (path.Count > 0) path.RemoveAt(path.Count - 1); }
                else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && path.Count >= 2)
                {
                    var (parent, name) = (path[^2], path[^1]);
                    if (root == "Error" && path.Count == 2)
                    {
                        if (name == "Code") code = reader.Value.Trim();
                        else if (name == "Message") message = Text.TextSafety.Truncate(reader.Value.Trim(), 300);
                    }
                    else if (keys.Count < MaxKeys && ((parent == "Contents" && name == "Key") || (parent == "Blob" && name == "Name")))
                        keys.Add(Text.TextSafety.Truncate(reader.Value, 300));
                }
            }
        }
        catch (XmlException) { return root is null ? s_empty : new BucketResponse(false, keys, code, message); }
        return new BucketResponse(root is "ListBucketResult" or "EnumerationResults", keys, code, message);
    }
}
