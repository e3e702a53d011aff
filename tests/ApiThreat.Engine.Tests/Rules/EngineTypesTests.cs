using System.Reflection;
using ApiThreat.Engine.Rules;
using Xunit;

namespace ApiThreat.Engine.Tests.Rules;

/// <summary>
/// The metadata scan that finds rule sets and checks without loading every engine type must find exactly what a full
/// reflection scan finds: a check it missed would silently never run.
/// </summary>
public class EngineTypesTests
{
    private static readonly Type[] s_all = typeof(EngineTypes).Assembly.GetTypes();

    [Fact]
    public void Finds_every_rule_set_and_nothing_else()
    {
        var expected = s_all.Where(t => t.GetCustomAttribute<RuleSetAttribute>() is not null).Select(t => t.FullName).Order();
        Assert.Equal(expected, EngineTypes.RuleSets.Select(t => t.FullName).Order());
        Assert.NotEmpty(EngineTypes.RuleSets);
    }

    [Fact]
    public void Finds_every_concrete_check_class()
    {
        static bool IsCheckInterface(Type i) => i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(ICheck<>) || d == typeof(IAsyncCheck<>));
        var expected = s_all.Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false } && t.GetInterfaces().Any(IsCheckInterface))
            .Select(t => t.FullName).Order().ToArray();
        Assert.Equal(expected, EngineTypes.Checks.Select(t => t.FullName).Order().ToArray());
        Assert.True(expected.Length > 50, $"only {expected.Length} checks found");
    }

    [Fact]
    public void Every_check_evidence_type_still_gets_its_checks()
    {
        Assert.NotEmpty(Checks<ApiThreat.Engine.Certificates.Checks.CertificateFacts>.All);
        Assert.NotEmpty(RuleCatalog.All);
    }
}
