using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.Architecture;

/// <summary>
/// A cmdlet is a thin map (parameters → engine request → objects): a file in src/ApiThreat/Commands longer than
/// <see cref="MaxLines"/> lines holds logic that belongs in the engine (or a parameter group that belongs on a base
/// class in Infrastructure). There are no exceptions.
/// </summary>
public sealed class CmdletSizeTests
{
    public const int MaxLines = 150;

    private static IEnumerable<(string Name, int Lines)> CmdletFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src", "ApiThreat", "Commands"), "*.cs")
            .Select(f => (Path.GetFileName(f), File.ReadAllLines(f).Length));

    [Fact]
    public void No_cmdlet_file_is_longer_than_the_limit()
    {
        var tooLong = CmdletFiles()
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{f.Name}: {f.Lines} lines (limit {MaxLines}): move its logic into the engine")
            .ToList();
        Assert.True(tooLong.Count == 0, string.Join("\n", tooLong));
    }

    [Fact]
    public void The_count_sees_the_cmdlets() => Assert.True(CmdletFiles().Count() >= 20);
}
