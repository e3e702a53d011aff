using ApiThreat.Fuzz;

namespace ApiThreat.Engine.Tests.Fuzz;

/// <summary>
/// Replays every saved fuzz input (tests/fuzz/seeds and tests/fuzz/regressions) and a burst of random mutations of
/// them through the same harness targets AFL++ drives: a crash found once stays fixed.
/// </summary>
public class FuzzRegressionTests
{
    private static string FuzzRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../fuzz"));

    public static IEnumerable<object[]> Targets() => FuzzTargets.All.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Targets))]
    public void Saved_inputs_and_mutations_do_not_crash(string target)
    {
        var run = FuzzTargets.All[target];
        var inputs = new List<byte[]>();
        foreach (var folder in new[] { "seeds", "regressions" })
        {
            var dir = Path.Combine(FuzzRoot(), folder, target);
            if (Directory.Exists(dir)) inputs.AddRange(Directory.GetFiles(dir).Select(File.ReadAllBytes));
        }
        Assert.NotEmpty(inputs);
        // A stable seed (string.GetHashCode differs per process), so a failing mutation fails again on the next run.
        var random = new Random(target.Aggregate(0x5eed, (h, c) => h * 31 + c));
        var mutations = FuzzTargets.Slow.Contains(target) ? 200 : 2000;
        foreach (var input in inputs)
        {
            run(input);
            for (var i = 0; i < mutations; i++)
            {
                var data = (byte[])input.Clone();
                if (data.Length == 0) break;
                for (var f = random.Next(1, 5); f > 0; f--) data[random.Next(data.Length)] = (byte)random.Next(256);
                run(random.Next(5) == 0 ? data[..random.Next(data.Length)] : data);
            }
        }
    }
}
