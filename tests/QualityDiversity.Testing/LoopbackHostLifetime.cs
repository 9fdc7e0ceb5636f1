using Microsoft.Extensions.Hosting;

namespace QualityDiversity.Testing;

/// <summary>
/// The lifetime of a <see cref="LoopbackChatServer"/>'s host: none of its own. The default console
/// lifetime would catch SIGINT and SIGTERM for every server alive and keep the test process from
/// ending on them; a loopback server ends only by disposal or its own lifetime limit.
/// </summary>
internal sealed class LoopbackHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
