using System.Text.RegularExpressions;
using System.Xml;

namespace ApiThreat.Engine.Net;

/// <summary>
/// The little of XML-RPC (https://xmlrpc.com/spec.md) that discovery and the checks need: a call without parameters, and
/// the value of a methodResponse as plain data (a string, a list or a struct of them). The answer comes from the target:
/// no DTD, no entities, capped sizes, and a fault or anything else is null.
/// </summary>
public static class XmlRpc
{
    public const string ContentType = "text/xml";

    /// <summary>
    /// Connection: close, for a call that may land on a connection an XML-RPC server has desynchronised: Medusa
    /// (Supervisor's server) leaves a refused POST's body unread and answers the next request on that connection 400.
    /// </summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> CloseConnection = new[] { new KeyValuePair<string, string>("Connection", "close") };

    private const int MaxItems = 2000;
    private static readonly Regex s_methodName = new(@"^[A-Za-z][A-Za-z0-9_.]{0,99}$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));

    private static XmlReaderSettings Settings => new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 0, MaxCharactersInDocument = 4 * 1024 * 1024,
        IgnoreComments = true, IgnoreProcessingInstructions = true,
    };

    /// <summary>The request body of a call of <paramref name="method"/> without parameters (system.listMethods, supervisor.getState).</summary>
    public static string Call(string method)
    {
        if (!s_methodName.IsMatch(method)) throw new ArgumentException("Not an XML-RPC method name.", nameof(method));
        return $"<?xml version=\"1.0\"?><methodCall><methodName>{method}</methodName><params/></methodCall>";
    }

    /// <summary>The value of a successful methodResponse: a string (every scalar as its text), a List of values or a Dictionary of members; null when the body is not one.</summary>
    public static object? Response(byte[] body)
    {
        if (body.Length == 0) return null;
        try
        {
            var doc = new XmlDocument { XmlResolver = null };
            using (var reader = XmlReader.Create(new MemoryStream(body, writable: false), Settings)) doc.Load(reader);
            if (doc.DocumentElement is not { LocalName: "methodResponse" } root) return null;
            var value = root.SelectSingleNode("params/param/value");
            var count = 0;
            return value is XmlElement v ? Value(v, 0, ref count) : null;
        }
        catch (XmlException) { return null; }
    }

    /// <summary>The strings of a response that is a list of strings (system.listMethods); null otherwise.</summary>
    public static IReadOnlyList<string>? Strings(byte[] body) =>
        Response(body) is List<object?> list && list.All(x => x is string) ? list.Cast<string>().ToList() : null;

    private static object? Value(XmlElement value, int depth, ref int count)
    {
        if (depth > 8 || ++count > MaxItems) return null;
        var typed = value.ChildNodes.OfType<XmlElement>().FirstOrDefault();
        // A value without a type element is a string.
        if (typed is null) return value.InnerText;
        switch (typed.LocalName)
        {
            case "array":
                var list = new List<object?>();
                foreach (var item in typed.SelectNodes("data/value")!.OfType<XmlElement>())
                {
                    if (list.Count >= MaxItems) break;
                    list.Add(Value(item, depth + 1, ref count));
                }
                return list;
            case "struct":
                var members = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var member in typed.SelectNodes("member")!.OfType<XmlElement>())
                {
                    var name = member["name"]?.InnerText;
                    if (name is null || member["value"] is not { } v || members.Count >= 200) continue;
                    members.TryAdd(name, Value(v, depth + 1, ref count));
                }
                return members;
            default:
                return typed.InnerText;
        }
    }
}
