using System.Text;
using ApiThreat.Engine.Assessment.Api.Checks;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>
/// ATR-EXPO-041's reading of Bull Board 9.10's GET /admin/queues/api/queues (tests/Real/apps/realfw9-node-bullboard):
/// queue names, job counts by status and readOnlyMode, never a job's data.
/// </summary>
public class BullBoardOpenCheckTests
{
    // Trimmed from what @bull-board/api 9.10.1 over BullMQ 5.81 answered; the second queue made read-only here.
    private const string Queues = """
        {"queues":[
          {"name":"mail","statuses":["latest","waiting"],"counts":{"active":0,"completed":0,"failed":1,"waiting":2,"waiting-children":0},
           "jobs":[{"id":"1","name":"welcome","data":{"to":"user-1"}}],"readOnlyMode":false,"allowRetries":true,"type":"bullmq"},
          {"name":"reports","counts":{"waiting":1,"delayed":0},"jobs":[],"readOnlyMode":true,"type":"bullmq"}]}
        """;

    [Fact]
    public void Names_counts_and_read_only_mode_are_read_never_job_data()
    {
        var queues = BullBoardOpenCheck.Read(Encoding.UTF8.GetBytes(Queues))!;
        Assert.Equal(new[] { "mail", "reports" }, queues.Select(q => q.Name));
        Assert.Equal(new[] { false, true }, queues.Select(q => q.ReadOnly));
        Assert.Equal(3, queues[0].Counts.Sum(c => c.Value));
        Assert.Contains(new KeyValuePair<string, long>("waiting-children", 0), queues[0].Counts);
        Assert.DoesNotContain(queues, q => q.Name.Contains("user-1", StringComparison.Ordinal));
    }

    [Fact]
    public void Other_answers_are_not_its_queue_list()
    {
        Assert.Null(BullBoardOpenCheck.Read(Encoding.UTF8.GetBytes("")));
        Assert.Null(BullBoardOpenCheck.Read(Encoding.UTF8.GetBytes("""{"queues":"none"}""")));
        Assert.Null(BullBoardOpenCheck.Read(Encoding.UTF8.GetBytes("""{"queues":[{"name":"q"}]}""")));
        Assert.Null(BullBoardOpenCheck.Read(Encoding.UTF8.GetBytes("""[{"id":1,"item":"widget"}]""")));
        Assert.Empty(BullBoardOpenCheck.Read(Encoding.UTF8.GetBytes("""{"queues":[]}"""))!);
    }
}
