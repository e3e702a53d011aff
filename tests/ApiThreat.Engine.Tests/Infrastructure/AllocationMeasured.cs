namespace ApiThreat.Engine.Tests.Infrastructure;

/// <summary>
/// Tests that bound what the process allocates (GC.GetTotalAllocatedBytes counts every thread) run alone, after the
/// parallel ones: beside other tests the count holds their allocations too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasured
{
    public const string Name = "Allocation measured";
}
