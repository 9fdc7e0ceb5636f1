using QualityDiversity.Cli;

namespace QualityDiversity.Cluster.Tests;

/// <summary>Command-line errors of <c>qd worker</c> and <c>qd run --cluster</c>, each naming the option at fault (nothing is started).</summary>
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
