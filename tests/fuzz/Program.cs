using ApiThreat.Fuzz;
using SharpFuzz;

// dotnet ApiThreat.Fuzz.dll <target>      — runs under afl-fuzz (input on stdin / shared memory)
// dotnet ApiThreat.Fuzz.dll <target> <file> — replays one input (crash triage, regression tests)
if (args.Length == 1 && args[0] == "--list")
{
    foreach (var name in FuzzTargets.All.Keys) Console.WriteLine(name);
    return 0;
}
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"Usage: ApiThreat.Fuzz <target> [input-file]. Targets: {string.Join(", ", FuzzTargets.All.Keys)}");
    return 2;
}
if (args.Length > 1)
{
    target(File.ReadAllBytes(args[1]));
    return 0;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
