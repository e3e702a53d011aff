using System.Reflection;
using ApiThreat.Lab.Scenarios;

namespace ApiThreat.Lab.Dns;

/// <summary>Marks a static class with <c>public static IEnumerable&lt;LabZone&gt; Zones(LabContext lab)</c>: extra zones.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ZoneSetAttribute : Attribute { }

/// <summary>Collects the extra zones (AXFR-open, wildcard, SPF variants...) that capabilities add.</summary>
public static class ZoneSetRegistry
{
    public static IEnumerable<LabZone> Build(LabContext lab)
    {
        foreach (var type in typeof(ZoneSetRegistry).Assembly.GetTypes().OrderBy(t => t.FullName))
        {
            if (type.GetCustomAttribute<ZoneSetAttribute>() is null) continue;
            var method = type.GetMethod("Zones", BindingFlags.Public | BindingFlags.Static)
                ?? throw new InvalidOperationException($"{type.Name} has no public static Zones(LabContext).");
            foreach (var z in (IEnumerable<LabZone>)method.Invoke(null, new object[] { lab })!) yield return z;
        }
    }
}
