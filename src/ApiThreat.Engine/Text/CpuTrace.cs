using System.Diagnostics;
using System.Globalization;

namespace ApiThreat.Engine.Text;

/// <summary>
/// Where a process's CPU goes, phase by phase: when APITHREAT_CPU_TRACE names a file, each <see cref="Mark"/> appends
/// one line — process id, the phase just reached, process CPU (user+sys) and elapsed seconds, JIT compile time and
/// methods compiled so far, threads (all, and the thread pool's), thread-pool work items completed and garbage collections
/// (gen 0, gen 2) so far. For comparing one scan process with N shards (elapsed time means little on a busy
/// machine; CPU sums do). Off (one null check) unless the variable is set.
/// </summary>
public static class CpuTrace
{
    public const string Variable = "APITHREAT_CPU_TRACE";
    private static readonly string? s_path = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } p ? p : null;
    private static readonly object s_lock = new();
    private static readonly Stopwatch s_clock = Stopwatch.StartNew();

    public static bool Enabled => s_path is not null;

    public static void Mark(string phase)
    {
        if (s_path is null) return;
        using var me = Process.GetCurrentProcess();
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessId}\t{phase}\tcpu={me.TotalProcessorTime.TotalSeconds:0.000}\tuser={me.UserProcessorTime.TotalSeconds:0.000}" +
            $"\telapsed={s_clock.Elapsed.TotalSeconds:0.000}\tjit={System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:0.000}" +
            $"\tjitted={System.Runtime.JitInfo.GetCompiledMethodCount()}\tthreads={me.Threads.Count}\tpool={ThreadPool.ThreadCount}" +
            $"\tworkitems={ThreadPool.CompletedWorkItemCount}\tgc0={GC.CollectionCount(0)}\tgc2={GC.CollectionCount(2)}\n");
        lock (s_lock)
        {
            try { File.AppendAllText(s_path, line); }
            catch (IOException) { } // a trace must never stop a scan
        }
    }
}
