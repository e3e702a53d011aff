using System.Text;
using ApiThreat.Engine.Dns;

namespace ApiThreat.Fuzz;

/// <summary>DNS TXT policy records: SPF and DMARC. Both parsers report problems in Errors and never throw.</summary>
public static partial class FuzzTargets
{
    public static void Spf(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        if (!SpfRecordParser.IsSpf(text) && !text.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase)) text = "v=spf1 " + text;
        var result = SpfRecordParser.Parse(text);
        _ = (result.LookupTerms, result.Includes.ToList(), result.UsesPtr, result.Terms.Select(t => t.ToString()).ToList());
        foreach (var t in result.Terms) if (t.Value is not null) _ = SpfRecordParser.HasMacro(t.Value);
    }

    public static void Dmarc(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        _ = DmarcRecordParser.IsDmarc(text);
        if (!DmarcRecordParser.MentionsDmarc(text)) text = "v=DMARC1; " + text;
        var result = DmarcRecordParser.Parse(text);
        _ = (result.IsValid, result.Policy, result.Percent, result.Rua.Count, result.Ruf.Count);
    }
}
