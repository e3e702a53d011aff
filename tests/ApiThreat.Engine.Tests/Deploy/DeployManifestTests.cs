using ApiThreat.Engine.Scan;
using ApiThreat.Engine.Tests.Infrastructure;
using SharpYaml.Serialization;

namespace ApiThreat.Engine.Tests.Deploy;

/// <summary>
/// src/deploy cannot run here (no Docker engine, no Kubernetes), so its files are checked for what the engines need:
/// the Indexed Job's required fields and the shard environment the module reads; the image's entry point exists.
/// </summary>
public sealed class DeployManifestTests
{
    private static Dictionary<object, object> Map(object? node) => Assert.IsType<Dictionary<object, object>>(node);
    private static List<object> List(object? node) => Assert.IsType<List<object>>(node);

    [Fact]
    public void The_kubernetes_manifest_is_an_indexed_job_whose_pods_know_their_shard_and_scan()
    {
        var yaml = File.ReadAllText(RepoPaths.File_("src", "deploy", "kubernetes", "indexed-job.yaml"));
        var job = Map(new Serializer().Deserialize(yaml));
        Assert.Equal("batch/v1", job["apiVersion"]);
        Assert.Equal("Job", job["kind"]);
        Assert.False(string.IsNullOrEmpty(Map(job["metadata"])["name"] as string));
        var spec = Map(job["spec"]);
        Assert.Equal("Indexed", spec["completionMode"]);
        var completions = Convert.ToInt32(spec["completions"]);
        Assert.InRange(completions, 1, 10_000);
        var pod = Map(Map(spec["template"])["spec"]);
        Assert.Contains(pod["restartPolicy"], new object[] { "Never", "OnFailure" }); // required of a Job
        var container = Map(Assert.Single(List(pod["containers"])));
        Assert.False(string.IsNullOrEmpty(container["name"] as string));
        Assert.False(string.IsNullOrEmpty(container["image"] as string));
        var env = List(container["env"]).Select(Map).ToDictionary(e => (string)e["name"]);
        // The module reads JOB_COMPLETION_INDEX (set by Kubernetes) and the count from the manifest: they must agree.
        Assert.Equal(completions, Convert.ToInt32(env[ShardSpec.CountVariable]["value"]));
        var shard = ShardSpec.FromEnvironment(n => n == ShardSpec.IndexVariable ? $"{completions - 1}" : n == ShardSpec.CountVariable ? $"{completions}" : null, out var error);
        Assert.True(shard.HasValue, error);
        Assert.Equal(completions, shard!.Value.Count);
        // One ScanId for every pod (the Job's uid), so the shards write one snapshot; the password comes from a Secret.
        Assert.Equal("metadata.labels['batch.kubernetes.io/controller-uid']", Map(Map(env["APITHREAT_SCAN_ID"]["valueFrom"])["fieldRef"])["fieldPath"]);
        Assert.True(Map(env["APITHREAT_STORE_PASSWORD"]["valueFrom"]).ContainsKey("secretKeyRef"));
        Assert.DoesNotContain(":", new Uri((string)env["APITHREAT_STORE"]["value"]).UserInfo);
        foreach (var name in new[] { "APITHREAT_DOMAINS", "APITHREAT_STORE" }) Assert.True(env.ContainsKey(name), name);
    }

    [Fact]
    public void The_image_runs_the_worker_script_as_a_non_root_user()
    {
        var dockerfile = File.ReadAllLines(RepoPaths.File_("src", "deploy", "Dockerfile"));
        Assert.StartsWith("FROM ", dockerfile.First(l => l.Length > 0 && !l.StartsWith('#')));
        Assert.Contains(dockerfile, l => l.StartsWith("USER ") && !l.Contains("root"));
        var entry = dockerfile.Single(l => l.StartsWith("ENTRYPOINT "));
        var copied = dockerfile.Where(l => l.StartsWith("COPY src/deploy/")).Select(l => l.Split(' ')[1]).ToList();
        Assert.Contains(copied, c => entry.Contains(Path.GetFileName(c)));
        Assert.All(copied, c => Assert.True(File.Exists(RepoPaths.File_(c.Split('/'))), c));
    }
}
