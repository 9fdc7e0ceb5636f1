using System.Globalization;
using QualityDiversity.Cluster.Tests.Support;
using QualityDiversity.Experiments;
using QualityDiversity.Experiments.Configuration;

namespace QualityDiversity.Cluster.Tests;

/// <summary>
/// A coordinator and worker processes of <c>qd</c> on loopback: one worker is killed with SIGKILL
/// in the middle of the run, which still finishes with the archive of a local run; a coordinator
/// is killed, and <c>qd resume</c> goes on on the cluster its run was started with.
/// </summary>
[Trait("Category", "Distributed")]
public sealed class DistributedRunTests : IDisposable
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(90);
    private readonly string _root = Directory.CreateTempSubdirectory("qd-cluster-").FullName;

    [Fact]
    public async Task RunSurvivesAKilledWorkerAndEqualsTheLocalRun()
    {
        int[] ports = QdChild.FreePorts(4);
        string clusterId = $"qd-test-{Guid.NewGuid():N}";
        string config = WriteConfig(clusterId, $"127.0.0.1:{ports[1]}", $"127.0.0.1:{ports[3]}");

        using var first = QdChild.Start("worker", "--cluster-id", clusterId, "--silo-port", Port(ports[0]), "--gateway-port", Port(ports[1]));
        first.WaitUntil(() => first.Output.Contains("Worker ready"), Hang, "the first worker's start");
        using var second = QdChild.Start("worker", "--cluster-id", clusterId, "--silo-port", Port(ports[2]), "--gateway-port", Port(ports[3]),
            "--primary", $"127.0.0.1:{ports[0]}");
        second.WaitUntil(() => second.Output.Contains("Worker ready"), Hang, "the second worker's start");

        string clusterRun = Path.Combine(_root, "cluster");
        using var coordinator = QdChild.Start("run", config, "--out", clusterRun);
        string metrics = Path.Combine(clusterRun, "metrics.csv");
        coordinator.WaitUntil(() => Lines(metrics) > 40, Hang, "iteration 40");
        second.Kill();
        int code = coordinator.WaitForExit(Hang);
        Assert.True(code == 0, $"qd run exited with {code}. Output:\n{coordinator.Output}");
        Assert.Contains("Cluster:", coordinator.Output);

        string localRun = Path.Combine(_root, "local");
        var local = (SearchConfig)ExperimentConfig.Load(config) with { Cluster = null };
        using (var run = Experiment.Start(local, localRun))
            await run.RunAsync();

        Assert.Equal(File.ReadAllText(Path.Combine(localRun, "archive.csv")), File.ReadAllText(Path.Combine(clusterRun, "archive.csv")));
        Assert.Equal(Lines(Path.Combine(localRun, "metrics.csv")), Lines(metrics));
    }

    [Fact]
    public async Task ResumeOfAKilledCoordinatorGoesOnOnTheClusterOfItsRun()
    {
        int[] ports = QdChild.FreePorts(2);
        string gateway = $"127.0.0.1:{ports[1]}";
        string config = WriteConfig(clusterId: null);
        using var worker = QdChild.Start("worker", "--silo-port", Port(ports[0]), "--gateway-port", Port(ports[1]));
        worker.WaitUntil(() => worker.Output.Contains("Worker ready"), Hang, "the worker's start");

        // Started with --cluster on a configuration without an evaluation section, killed after its first checkpoint.
        string clusterRun = Path.Combine(_root, "cluster");
        string metrics = Path.Combine(clusterRun, "metrics.csv");
        using (var coordinator = QdChild.Start("run", config, "--out", clusterRun, "--cluster", gateway))
        {
            coordinator.WaitUntil(() => Lines(metrics) > 120, Hang, "iteration 120");
            coordinator.Kill();
        }
        Assert.Contains(gateway, File.ReadAllText(Path.Combine(clusterRun, "config.json")));

        using var resume = QdChild.Start("resume", clusterRun);
        int code = resume.WaitForExit(Hang);
        Assert.True(code == 0, $"qd resume exited with {code}. Output:\n{resume.Output}");
        // The kill comes after the checkpoint at 100, or a later one on a busy machine: the resume evaluates the rest there.
        var resumed = System.Text.RegularExpressions.Regex.Match(resume.Output, "Resuming 'arm-cluster' from iteration (\\d+) of 400");
        Assert.True(resumed.Success, resume.Output);
        int from = int.Parse(resumed.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(from is 100 or 200 or 300, $"resumed from iteration {from}, which is no checkpoint.");
        Assert.Contains($"Evaluating on cluster 'qd' through {gateway}", resume.Output);
        Assert.Contains($"Cluster: {400 - from} batches", resume.Output);

        string localRun = Path.Combine(_root, "local");
        using (var run = Experiment.Start(ExperimentConfig.Load(config), localRun))
            await run.RunAsync();
        Assert.Equal(File.ReadAllText(Path.Combine(localRun, "archive.csv")), File.ReadAllText(Path.Combine(clusterRun, "archive.csv")));
        Assert.Equal(Lines(Path.Combine(localRun, "metrics.csv")), Lines(metrics));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // With a cluster id, the configuration has its evaluation.cluster section; without, it evaluates where qd is told.
    private string WriteConfig(string? clusterId, params string[] gateways)
    {
        string path = Path.Combine(_root, "arm-cluster.json");
        string evaluation = clusterId is null ? "" : $$"""
            ,
              "evaluation": {
                "cluster": {
                  "cluster_id": "{{clusterId}}",
                  "gateways": [{{string.Join(", ", gateways.Select(g => $"\"{g}\""))}}],
                  "chunk_timeout_seconds": 3,
                  "worker_wait_seconds": 60
                }
              }
            """;
        File.WriteAllText(path, $$"""
            {
              "name": "arm-cluster",
              "seed": 11,
              "iterations": {{(clusterId is null ? 400 : 250)}},
              "checkpoint_every": 100,
              "task": { "name": "arm", "dim": 12 },
              "archive": { "type": "grid", "dims": [30, 30], "ranges": [[-12, 12], [-12, 12]] },
              "initial_population": { "count": 60, "low": -3.141592653589793, "high": 3.141592653589793 },
              "emitters": [ { "type": "gaussian", "sigma": 0.1, "batch_size": 60 } ]{{evaluation}}
            }
            """);
        return path;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static int Lines(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            int lines = 0;
            while (reader.ReadLine() is not null) lines++;
            return lines;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return 0;
        }
    }
}
