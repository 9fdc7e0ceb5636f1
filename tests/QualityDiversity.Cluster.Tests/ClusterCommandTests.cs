using QualityDiversity.Cli;
using QualityDiversity.Experiments;
using QualityDiversity.Experiments.Configuration;

namespace QualityDiversity.Cluster.Tests;

/// <summary>
/// Command-line errors of <c>qd worker</c>, <c>qd run --cluster</c> and <c>qd resume --cluster/--local</c>, each naming the
/// option at fault (nothing is started), and resumes of a cluster run that need no workers.
/// </summary>
public sealed class ClusterCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("qd-cluster-cli-").FullName;

    private static (int Code, string Out, string Err) Qd(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--silo-port", "0", "--silo-port")]
    [InlineData("--gateway-port", "70000", "--gateway-port")]
    [InlineData("--primary", "not-an-endpoint", "--primary")]
    [InlineData("--address", "somewhere", "--address")]
    [InlineData("--assembly", "/no/such/tasks.dll", "--assembly")]
    public void WorkerRefusesBadOptionsByName(string option, string value, string named)
    {
        var (code, _, err) = Qd("worker", option, value);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {named}:", err);
    }

    [Fact]
    public void RunRefusesAGatewayThatIsNoEndpoint()
    {
        var (code, _, err) = Qd("run", "--algorithm", "map-elites", "--iterations", "1", "--out", Path.Combine(_root, "a"), "--cluster", "nowhere");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --cluster: 'nowhere' is not host:port", err);
    }

    [Fact]
    public void RunRefusesGradientEmittersOnACluster()
    {
        var (code, _, err) = Qd("run", "--algorithm", "cma-mega", "--iterations", "1", "--out", Path.Combine(_root, "b"), "--cluster");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --cluster: gradient emitters need the task's gradients", err);
    }

    [Fact]
    public void RunRefusesATextSearchOnAClusterNamingTheOption()
    {
        var (code, _, err) = Qd("run", Example("text-offline.json"), "--out", Path.Combine(_root, "t"), "--cluster");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --cluster: a text search (a 'text' section) evaluates in this process", err);
        Assert.False(Directory.Exists(Path.Combine(_root, "t")));
    }

    [Fact]
    public void ResumeRefusesLocalTogetherWithCluster()
    {
        var (code, _, err) = Qd("resume", Path.Combine(_root, "none"), "--local", "--cluster", "127.0.0.1:30000");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --local:", err);
    }

    [Fact]
    public async Task FinishedClusterRunResumesWithoutWorkersAndLocalExtendsIt()
    {
        // config.json names a cluster nobody listens on; the run itself evaluated in this process.
        string dir = Path.Combine(_root, "finished");
        var config = (SearchConfig)ExperimentConfig.Parse("""
            {
              "name": "finished", "seed": 2, "iterations": 3, "task": { "name": "lp-sphere", "dim": 4 },
              "archive": { "type": "grid", "dims": [8, 8] },
              "emitters": [ { "type": "gaussian", "sigma": 0.1, "batch_size": 8 } ],
              "evaluation": { "cluster": { "gateways": ["127.0.0.1:9"], "worker_wait_seconds": 1 } }
            }
            """);
        using (var run = Experiment.Start(config, dir))
            await run.RunAsync();

        var done = Qd("resume", dir);
        Assert.True(done.Code == 0, done.Out + done.Err);
        Assert.Contains("has already completed its 3 iterations", done.Out);
        Assert.DoesNotContain("Evaluating on cluster", done.Out);

        var extended = Qd("resume", dir, "--iterations", "5", "--local");
        Assert.True(extended.Code == 0, extended.Out + extended.Err);
        Assert.DoesNotContain("Evaluating on cluster", extended.Out);

        // Without --local the same extension goes to the cluster, which does not answer: stopped before anything is evaluated.
        var unreachable = Qd("resume", dir, "--iterations", "7");
        Assert.Equal(1, unreachable.Code);
        // Before giving up it may say once that it is trying again; the error follows.
        Assert.Contains("error: evaluation.cluster: No gateway of cluster 'qd' answered at 127.0.0.1:9", unreachable.Err);
        Assert.Contains("nothing was evaluated; continue it with: qd resume", unreachable.Err);
    }

    // An example configuration of the repository, found above the test assembly.
    private static string Example(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string path = Path.Combine(directory.FullName, "examples", name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"examples/{name} is not above {AppContext.BaseDirectory}.");
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
}
