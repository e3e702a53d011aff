using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using ApiThreat.Engine.Text;

namespace ApiThreat.Infrastructure;

/// <summary>
/// The engine boundary for text a target sent: before a result reaches the pipeline, every string it carries
/// (properties, string arrays, header values, nested results such as findings) loses the control characters that
/// drive a terminal (ESC, BEL, C1) and the bidirectional controls that make text read otherwise (U+202E...), so no
/// view, CSV, HTML, SIEM event or log made from it carries them. Line breaks and tabs stay. Each type's properties
/// are looked up once.
/// </summary>
internal static class OutputText
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_properties = new();
    private static readonly Assembly s_model = typeof(Finding).Assembly;

    public static object? Clean(object? value)
    {
        if (value is not null && IsModel(value.GetType())) Visit(value, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
        return value;
    }

    private static void Visit(object value, HashSet<object> seen, int depth)
    {
        if (depth > 16 || !seen.Add(value)) return;
        foreach (var property in s_properties.GetOrAdd(value.GetType(), Properties))
        {
            object? current;
            try { current = property.GetValue(value); }
            catch (TargetInvocationException) { continue; } // a computed property that cannot answer has no text to clean
            switch (current)
            {
                case string text:
                    if (property.CanWrite && TextSafety.WithoutTerminalControl(text) is var clean && !ReferenceEquals(clean, text)) property.SetValue(value, clean);
                    break;
                case string?[] texts:
                    for (var i = 0; i < texts.Length; i++)
                        if (texts[i] is { } t) texts[i] = TextSafety.WithoutTerminalControl(t);
                    break;
                case Dictionary<string, string> map:
                    foreach (var key in map.Where(p => p.Value is not null && !ReferenceEquals(TextSafety.WithoutTerminalControl(p.Value), p.Value)).Select(p => p.Key).ToList())
                        map[key] = TextSafety.WithoutTerminalControl(map[key]);
                    break;
                case IEnumerable items and not byte[]:
                    foreach (var item in items)
                        if (item is not null && IsModel(item.GetType())) Visit(item, seen, depth + 1);
                    break;
                case { } nested when IsModel(nested.GetType()):
                    Visit(nested, seen, depth + 1);
                    break;
            }
        }
    }

    private static bool IsModel(Type type) => type.IsClass && type.Assembly == s_model;

    private static PropertyInfo[] Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();
}
