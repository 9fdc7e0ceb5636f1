using QualityDiversity.Experiments.Configuration;

namespace QualityDiversity.Cluster.Tests;

/// <summary>The <c>evaluation.cluster</c> section of a configuration: read, written back, and refused with the field named.</summary>
public sealed class ClusterConfigTests
{
    private const string Search = """
        {
          "name": "c", "task": { "name": "lp-sphere", "dim": 4 },
          "archive": { "type": "grid", "dims": [10, 10] },
          "emitters": [ { "type": "gaussian", "sigma": 0.1, "batch_size": 8 } ]
          EVALUATION
        }
        """;

    private static SearchConfig Parse(string evaluation) =>
        (SearchConfig)ExperimentConfig.Parse(Search.Replace("EVALUATION", evaluation.Length == 0 ? "" : ", \"evaluation\": " + evaluation));

    [Fact]
    public void SectionIsReadAndWrittenBack()
    {
        var config = Parse("""{ "cluster": { "cluster_id": "lab", "gateways": ["10.0.0.4:30000", "node-b:30001"], "chunk_size": 5, "lanes_per_worker": 3, "chunk_timeout_seconds": 7.5, "straggler_factor": 2, "worker_wait_seconds": 120 } }""");

        var cluster = config.Cluster!;
        Assert.Equal("lab", cluster.ClusterId);
        Assert.Equal(["10.0.0.4:30000", "node-b:30001"], cluster.Gateways);
        Assert.Equal(5, cluster.ChunkSize);
        Assert.Equal(3, cluster.LanesPerWorker);
        Assert.Equal(7.5, cluster.ChunkTimeoutSeconds);
        Assert.Equal(2, cluster.StragglerFactor);
        Assert.Equal(120, cluster.WorkerWaitSeconds);

        var again = ((SearchConfig)ExperimentConfig.Parse(config.ToJson())).Cluster!;
        Assert.Equal(cluster with { Gateways = again.Gateways }, again);
        Assert.Equal(cluster.Gateways, again.Gateways);
    }

    [Fact]
    public void DefaultsFillAnEmptySectionAndNoSectionMeansLocal()
    {
        var cluster = Parse("""{ "cluster": {} }""").Cluster!;
        Assert.Equal("qd", cluster.ClusterId);
        Assert.Equal(["127.0.0.1:30000"], cluster.Gateways);
        Assert.Null(cluster.WorkerWaitSeconds);
        Assert.Null(Parse("").Cluster);
        Assert.DoesNotContain("evaluation", Parse("").ToJson());
    }

    [Theory]
    [InlineData("""{ "cluster": { "gateways": ["127.0.0.1:30000", "nowhere"] } }""", "evaluation.cluster.gateways[1]")]
    [InlineData("""{ "cluster": { "gateways": [] } }""", "evaluation.cluster.gateways")]
    [InlineData("""{ "cluster": { "chunk_timeout_seconds": 0 } }""", "evaluation.cluster.chunk_timeout_seconds")]
    [InlineData("""{ "cluster": { "straggler_factor": 0.5 } }""", "evaluation.cluster.straggler_factor")]
    [InlineData("""{ "cluster": { "worker_wait_seconds": -1 } }""", "evaluation.cluster.worker_wait_seconds")]
    [InlineData("""{ "cluster": { "lanes_per_worker": 0 } }""", "evaluation.cluster.lanes_per_worker")]
    [InlineData("""{ "cluster": { "chunks": 4 } }""", "evaluation.cluster.chunks")]
    [InlineData("""{ "grid": {} }""", "evaluation.grid")]
    public void BadFieldsAreRefusedByName(string evaluation, string field)
    {
        var error = Assert.Throws<ConfigException>(() => Parse(evaluation));
        Assert.Equal(field, error.FieldPath);
    }
}
