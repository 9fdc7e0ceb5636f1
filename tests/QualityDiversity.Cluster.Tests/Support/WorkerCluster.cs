using Orleans.TestingHost;
using QualityDiversity.Cluster.Worker;

namespace QualityDiversity.Cluster.Tests.Support;

/// <summary>An in-process Orleans test cluster whose silos are configured as workers.</summary>
public sealed class WorkerCluster : IAsyncLifetime, IAsyncDisposable
{
    public WorkerCluster() : this(2)
    {
    }

    internal WorkerCluster(int silos)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.AddSiloBuilderConfigurator<WorkerConfigurator>();
        Cluster = builder.Build();
    }

    public TestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public Task InitializeAsync() => Cluster.DeployAsync();

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        try
        {
            await Cluster.StopAllSilosAsync();
        }
        finally
        {
            await Cluster.DisposeAsync();
        }
    }

    private sealed class WorkerConfigurator : ISiloConfigurator
    {
        // The test cluster sets its own clustering and cluster id.
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddEvaluationWorker();
    }
}
