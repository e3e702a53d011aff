using System.Collections;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Reflection;

namespace ApiThreat.Infrastructure;

/// <summary>
/// Rebuilds ApiThreat objects that crossed a process boundary. Start-Job/Receive-Job, Invoke-Command and
/// Import-Clixml hand back property bags typed "Deserialized.ApiThreat.&lt;Type&gt;"; this turns them back into the
/// live type, property by property (nested objects, arrays, enums, DateTimeOffset, dictionaries), so every cmdlet
/// gives the same result for a deserialized object as for the live one. With the module loaded, PowerShell applies it
/// during deserialization already (types.ps1xml: TargetTypeForDeserialization and <see cref="ModelTypeConverter"/>).
/// </summary>
internal static class ModelRehydrator
{
    public const string DeserializedPrefix = "Deserialized.ApiThreat.";
    private static readonly Assembly s_model = typeof(Finding).Assembly;
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_properties = new();

    /// <summary>The value a cmdlet should work on: the live object as it is, a rebuilt one for a deserialized bag, else the base object.</summary>
    public static object? Unwrap(object? input)
    {
        if (input is not PSObject pso) return input;
        if (pso.BaseObject is not PSCustomObject) return pso.BaseObject;
        return ModelType(pso) is { } type ? Rehydrate(pso, type) : pso.BaseObject;
    }

    /// <summary>The live ApiThreat type a deserialized bag stands for, or null.</summary>
    public static Type? ModelType(PSObject pso)
    {
        foreach (var name in pso.TypeNames)
        {
            if (!name.StartsWith(DeserializedPrefix, StringComparison.Ordinal)) continue;
            var type = s_model.GetType("ApiThreat." + name[DeserializedPrefix.Length..], throwOnError: false);
            if (type is { IsClass: true, IsPublic: true } && type.GetConstructor(Type.EmptyTypes) is not null) return type;
        }
        return null;
    }

    public static object Rehydrate(PSObject bag, Type type)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var property in s_properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0).ToArray()))
        {
            var source = bag.Properties[property.Name];
            if (source is null) continue; // absent: keep the type's default
            var value = Convert(source.Value, property.PropertyType, property.GetValue(instance));
            property.SetValue(instance, value);
        }
        return instance;
    }

    private static object? Convert(object? value, Type target, object? template)
    {
        if (value is null) return target.IsValueType && Nullable.GetUnderlyingType(target) is null ? Activator.CreateInstance(target) : null;
        var underlying = Nullable.GetUnderlyingType(target) ?? target;
        var pso = value as PSObject;
        var raw = pso?.BaseObject ?? value;
        if (underlying == typeof(string)) return raw as string ?? raw.ToString();
        if (underlying == typeof(DateTimeOffset)) return ToDateTimeOffset(pso, raw);
        if (underlying.IsEnum) return raw is string s ? Enum.Parse(underlying, s, ignoreCase: true) : Enum.ToObject(underlying, System.Convert.ToInt64(raw, System.Globalization.CultureInfo.InvariantCulture));
        if (underlying.IsArray)
        {
            var element = underlying.GetElementType()!;
            var items = raw is IEnumerable list and not string ? list.Cast<object?>().ToList() : new List<object?> { value };
            var array = Array.CreateInstance(element, items.Count);
            for (var i = 0; i < items.Count; i++) array.SetValue(Convert(items[i], element, null), i);
            return array;
        }
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(Dictionary<,>) && raw is IDictionary source)
        {
            // Keep the comparer the type chose (HttpProbe.Headers is case-insensitive).
            var dictionary = (IDictionary)(template is IDictionary ? Activator.CreateInstance(underlying, template.GetType().GetProperty("Comparer")!.GetValue(template))! : Activator.CreateInstance(underlying)!);
            var (keyType, valueType) = (underlying.GetGenericArguments()[0], underlying.GetGenericArguments()[1]);
            foreach (DictionaryEntry e in source) dictionary[Convert(e.Key, keyType, null)!] = Convert(e.Value, valueType, null);
            return dictionary;
        }
        if (underlying.Assembly == s_model && underlying.IsClass)
        {
            if (underlying.IsInstanceOfType(raw)) return raw;
            if (pso is not null) return Rehydrate(pso, underlying);
        }
        if (underlying.IsInstanceOfType(raw)) return raw;
        return LanguagePrimitives.ConvertTo(raw, underlying, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A DateTimeOffset travels as a bag of its properties (UtcDateTime, Offset): rebuilt to the same tick and offset.</summary>
    private static DateTimeOffset ToDateTimeOffset(PSObject? pso, object raw)
    {
        switch (raw)
        {
            case DateTimeOffset d: return d;
            case DateTime dt: return new DateTimeOffset(dt.ToUniversalTime());
            case string s: return DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        }
        if (pso?.Properties["UtcDateTime"]?.Value is { } utc && pso.Properties["Offset"]?.Value is { } offset)
        {
            var ticks = ((DateTime)LanguagePrimitives.ConvertTo(utc, typeof(DateTime))).Ticks;
            var span = (TimeSpan)LanguagePrimitives.ConvertTo(offset, typeof(TimeSpan));
            return new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(span);
        }
        return (DateTimeOffset)LanguagePrimitives.ConvertTo(raw, typeof(DateTimeOffset));
    }
}

/// <summary>
/// Named in types.ps1xml for every ApiThreat type: PowerShell calls it while deserializing (Receive-Job, Import-Clixml,
/// remoting) with the module loaded, so "Deserialized.ApiThreat.X" comes back as a live ApiThreat.X.
/// </summary>
public sealed class ModelTypeConverter : PSTypeConverter
{
    public override bool CanConvertFrom(object sourceValue, Type destinationType) =>
        sourceValue is PSObject pso && ModelRehydrator.ModelType(pso) is { } type && destinationType.IsAssignableFrom(type);

    public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        ModelRehydrator.Rehydrate((PSObject)sourceValue, ModelRehydrator.ModelType((PSObject)sourceValue)!);

    public override bool CanConvertTo(object sourceValue, Type destinationType) => false;

    public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        throw new InvalidCastException($"ApiThreat objects convert only from their deserialized form.");
}
