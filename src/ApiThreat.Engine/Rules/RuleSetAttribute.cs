namespace ApiThreat.Engine.Rules;

/// <summary>
/// Marks a static class whose public static <see cref="ThreatRule"/> fields belong to the catalogue.
/// Each capability keeps its rules beside its checks (Dns/DnsRules.cs, ...); the catalogue finds them by reflection.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RuleSetAttribute : Attribute
{
}
