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
    // Twice: the first run pays for JIT and loading, the second is what the fuzzer's budget applies to.
    var input = File.ReadAllBytes(args[1]);
    var clock = System.Diagnostics.Stopwatch.StartNew();
    target(input);
    var cold = clock.ElapsedMilliseconds;
    clock.Restart();
    target(input);
    Console.WriteLine($"{args[0]}: {cold} ms cold, {clock.ElapsedMilliseconds} ms warm");
    return clock.Elapsed > FuzzTargets.Budget ? 3 : 0;
}
// The first run pays for JIT and loading (the fingerprint database); every later one must fit the budget, so a
// slow input (catastrophic backtracking, a quadratic loop) is saved as a crash with its time, not lost as a soft hang.
var first = true;
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    var clock = System.Diagnostics.Stopwatch.StartNew();
    target(buffer.ToArray());
    if (!first && clock.Elapsed > FuzzTargets.Budget)
        throw new TimeoutException($"one input took {clock.ElapsedMilliseconds} ms (budget {FuzzTargets.Budget.TotalMilliseconds} ms)");
    first = false;
});
return 0;
