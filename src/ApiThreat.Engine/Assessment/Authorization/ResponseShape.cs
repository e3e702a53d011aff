using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>
/// What an answer says, reduced to a bounded set of facts for comparing identities' answers: for JSON, one
/// "path=value" fact per leaf (array positions folded, so the order of a list does not matter); for anything else,
/// its words. Two answers are alike in proportion to the facts they share (Jaccard index).
/// </summary>
public sealed class ResponseShape
{
    private const int MaxFacts = 4000;
    private const int MaxValueLength = 200;
    private static readonly Regex s_words = new(@"[\p{L}\p{N}_@.-]{2,64}", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    private ResponseShape(HashSet<string> facts, bool isJson, int length, ulong hash)
    {
        Facts = facts;
        IsJson = isJson;
        Length = length;
        _hash = hash;
    }

    private readonly ulong _hash;

    public IReadOnlySet<string> Facts { get; }
    public bool IsJson { get; }
    public int Length { get; }

    public static ResponseShape Empty { get; } = new(new HashSet<string>(StringComparer.Ordinal), false, 0, 0);

    public static ResponseShape Of(byte[] body, JsonDocument? json)
    {
        var hash = System.IO.Hashing.XxHash64.HashToUInt64(body);
        var facts = new HashSet<string>(StringComparer.Ordinal);
        if (json is not null)
        {
            Walk(json.RootElement, "$", facts, 0);
            return new ResponseShape(facts, true, body.Length, hash);
        }
        if (body.Length == 0) return new ResponseShape(facts, false, 0, hash);
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 256 * 1024));
        try
        {
            foreach (Match m in s_words.Matches(text))
            {
                facts.Add(m.Value.ToLowerInvariant());
                if (facts.Count >= MaxFacts) break;
            }
        }
        catch (RegexMatchTimeoutException) { }
        return new ResponseShape(facts, false, body.Length, hash);
    }

    /// <summary>1 for the same bytes; otherwise the share of facts in common (0 when one is JSON and the other not).</summary>
    public double SimilarityTo(ResponseShape other)
    {
        if (Length == other.Length && _hash == other._hash) return 1;
        if (IsJson != other.IsJson) return 0;
        if (Facts.Count == 0 || other.Facts.Count == 0) return Facts.Count == other.Facts.Count ? 1 : 0;
        var (small, large) = Facts.Count <= other.Facts.Count ? (Facts, other.Facts) : (other.Facts, Facts);
        var common = 0;
        foreach (var f in small) if (large.Contains(f)) common++;
        return (double)common / (Facts.Count + other.Facts.Count - common);
    }

    /// <summary>Whether some leaf of the answer has exactly this value (an identifier the answer is about).</summary>
    public bool HasValue(string value)
    {
        if (!IsJson) return Facts.Contains(value.ToLowerInvariant());
        var suffix = "=" + value;
        foreach (var f in Facts) if (f.EndsWith(suffix, StringComparison.Ordinal)) return true;
        return false;
    }

    private static void Walk(JsonElement e, string path, HashSet<string> facts, int depth)
    {
        if (facts.Count >= MaxFacts || depth > 32) return;
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) Walk(p.Value, path + "." + p.Name, facts, depth + 1);
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) Walk(item, path + "[]", facts, depth + 1);
                break;
            default:
                var value = ObjectHarvester.Scalar(e) ?? "null";
                facts.Add(path + "=" + (value.Length > MaxValueLength ? value[..MaxValueLength] : value));
                break;
        }
    }
}
