using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using QualityDiversity.Experiments;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Web.Hosting;
using QualityDiversity.Web.Raters;
using QualityDiversity.Web.Rendering;

namespace QualityDiversity.Web;

/// <summary>
/// <c>qd serve</c>: a Kestrel app for a run directory. When the directory holds a QDHF search
/// whose judge is <c>web</c> (new, interrupted or resumable), the server runs that search in this
/// process, holding the directory's lock, and people answer its similarity questions on the
/// judging page; each answer goes to <c>judgments.jsonl</c> and <c>judgments.db</c> as it arrives.
/// </summary>
/// <remarks>
/// The token made up at start (see <see cref="Url"/>) is needed for every write, and for every
/// request when the server is bound off loopback. It is kept in memory only: the server logs
/// nothing about requests. Request bodies are limited to 4 KiB.
/// </remarks>
public sealed class JudgingServer : IAsyncDisposable
{
    private const long MaxBodyBytes = 4096;

    private readonly WebApplication _app;
    private readonly AccessToken _token;
    private readonly JudgingSite _site;
    private bool _disposed;

    private JudgingServer(WebApplication app, AccessToken token, JudgingSite site, Uri address)
    {
        _app = app;
        _token = token;
        _site = site;
        Address = address;
    }

    /// <summary>The server's address, <c>http://HOST:PORT/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The judging page's address with the token: the one line <c>qd serve</c> prints. Keep it private.</summary>
    public string Url => $"{Address}?token={_token.Value}";

    /// <summary>The queue people answer through, or null when the directory's run asks no questions on the web.</summary>
    public JudgingQueue? Queue => _site.Queue;

    /// <summary>Ends with the served run (its outcome, or the failure that stopped it); null when no run is served.</summary>
    public Task<RunOutcome>? Run => _site.Run?.Completion;

    internal JudgingSite Site => _site;

    internal string Token => _token.Value;

    /// <summary>
    /// Opens the run directory, starts its search when it is a web-judged QDHF run that is not done
    /// yet, and starts serving.
    /// </summary>
    /// <exception cref="ExperimentException">The directory holds no run, or another process writes into it.</exception>
    /// <exception cref="ConfigException">Its config.json is invalid.</exception>
    /// <exception cref="ArgumentException">The host is not an IP address or <c>localhost</c>, the port is out of range, the gold file is missing or empty, or a setting of gold or the rate limit is out of range.</exception>
    public static async Task<JudgingServer> StartAsync(JudgingServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = Bind(options.Host, options.Port);
        var gold = LoadGold(options);
        var directory = Experiment.Open(options.Directory);
        var config = directory.ReadConfig();
        ServedRun? served = null;
        Domains.IBenchmarkTask? task = config is SearchConfig search ? ConfigResolver.CreateTask(search.Task) : null;
        if (config is SearchConfig { Measures: { Type: MeasuresConfig.Qdhf, Judge.Type: JudgeConfig.Web } })
        {
            var run = Experiment.Resume(options.Directory);
            if (run.IsDone) run.Dispose();
            else
            {
                try
                {
                    served = ServedRun.Start(run, options.Log);
                }
                catch
                {
                    run.Dispose();
                    throw;
                }
            }
        }
        JudgingSite? site = null;
        try
        {
            site = new JudgingSite(config.Name, served?.Queue, ItemRenderers.For(task), served, Raters(gold, options.GoldEvery, served), options.RateLimit, directory);
            return await StartAsync(site, endpoint, options.Host, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            site?.Dispose();
            if (served is not null) await served.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Serves <paramref name="site"/> on <paramref name="endpoint"/>.</summary>
    internal static async Task<JudgingServer> StartAsync(JudgingSite site, IPEndPoint endpoint, string host, CancellationToken cancellationToken)
    {
        var token = AccessToken.Create();
        bool loopback = IPAddress.IsLoopback(endpoint.Address);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Listen(endpoint);
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            // The token travels in the page's address: never pass it on in a Referer.
            headers["Referrer-Policy"] = "no-referrer";
            if (!loopback && !token.Matches(context.Request.Query["token"]) && !token.Matches(context.Request.Headers[JudgingEndpoints.TokenHeader]))
            {
                await JudgingEndpoints.ErrorAsync(context, StatusCodes.Status401Unauthorized, "this server needs its token for every request.").ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
        });
        app.UseRouting();
        JudgingEndpoints.Map(app, site, token, app.Lifetime.ApplicationStopping);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        int port = new Uri(bound).Port;
        string shownHost = endpoint.AddressFamily == AddressFamily.InterNetworkV6 && !host.StartsWith('[') && host != "localhost" ? $"[{host}]" : host;
        return new JudgingServer(app, token, site, new Uri($"http://{shownHost}:{port}/"));
    }

    /// <summary>Stops the served run cleanly (a wait for answers is abandoned, its answers kept); the server goes on serving.</summary>
    public async Task StopRunAsync()
    {
        if (_site.Run is { } run) await run.StopAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the run, then the server, and releases the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (_site.Run is { } run) await run.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
            _site.Dispose();
        }
    }

    // Checked before the run starts, so that a wrong file stops nothing.
    private static IReadOnlyList<Judgment> LoadGold(JudgingServerOptions options)
    {
        if (options.GoldEvery < 1) throw new ArgumentOutOfRangeException(nameof(options.GoldEvery), options.GoldEvery, "Gold triplets come every 1 or more answers.");
        options.RateLimit.Validate();
        if (options.GoldPath is not { } path) return [];
        if (!File.Exists(path)) throw new ArgumentException($"The gold file '{path}' does not exist.", nameof(options.GoldPath));
        var gold = JudgmentSet.Load(path);
        if (gold.Count == 0) throw new ArgumentException($"The gold file '{path}' holds no judgments.", nameof(options.GoldPath));
        return gold;
    }

    // The raters of the run so far (from its database), and the gold triplets.
    private static RaterBook Raters(IReadOnlyList<Judgment> gold, int goldEvery, ServedRun? served)
    {
        if (served is null) return new RaterBook(gold, goldEvery, [], []);
        var database = served.Database;
        return new RaterBook(gold, goldEvery, database.ReadAll().Select(r => r.Rater), database.ReadGold(), database.InsertGold);
    }

    private static IPEndPoint Bind(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "The port must be in 0..65535 (0 picks a free one).");
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return new IPEndPoint(IPAddress.Loopback, port);
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address)) return new IPEndPoint(address, port);
        throw new ArgumentException($"The host '{host}' is not an IP address or localhost.", nameof(host));
    }
}
