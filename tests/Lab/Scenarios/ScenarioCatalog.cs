using System.Reflection;

namespace ApiThreat.Lab.Scenarios;

/// <summary>Gathers every [ScenarioSet] class's scenarios. Adding a capability's scenarios = adding a file.</summary>
public static class ScenarioCatalog
{
    public static List<LabScenario> Build(LabContext lab)
    {
        var all = new List<LabScenario>();
        foreach (var type in typeof(ScenarioCatalog).Assembly.GetTypes().OrderBy(t => t.FullName))
        {
            if (type.GetCustomAttribute<ScenarioSetAttribute>() is null) continue;
            var method = type.GetMethod("Scenarios", BindingFlags.Public | BindingFlags.Static)
                ?? throw new InvalidOperationException($"{type.Name} has no public static Scenarios(LabContext).");
            foreach (var s in (IEnumerable<LabScenario>)method.Invoke(null, new object[] { lab })!)
            {
                s.Host ??= lab.HostOf(s.Name);
                all.Add(s);
            }
        }
        var dup = all.GroupBy(s => s.Host, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new InvalidOperationException($"Two Lab scenarios use the host {dup.Key}.");
        return all;
    }
}
