using Microsoft.Playwright;
using QualityDiversity.Experiments;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Web.Tests;

/// <summary>
/// A person's use of the judging page, in Chromium from the operating system's package (Playwright's
/// own browser download is not available; .ci/run installs it): a scripted rater answers a QDHF arm
/// run's questions by keyboard, and the run refits on them.
/// </summary>
public sealed class BrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const int Judgments = 100;

    [Fact]
    public async Task A_rater_answers_by_keyboard_and_the_run_refits_on_the_answers()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        using var arm = new ArmRun(Judgments);
        // The scripted rater answers far faster than a person: lift the per-rater limit for it.
        await using var server = await JudgingServer.StartAsync(new JudgingServerOptions { Directory = arm.Directory, RateLimit = new(PerMinute: 60_000, Burst: 1000) });
        var queue = server.Queue!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // The tests run as root in CI, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 760 } });
        await page.GotoAsync(server.Url);
        await page.FillAsync("#rater", "playwright");
        await page.PressAsync("#rater", "Enter");

        // The live dashboard beside it, in a second tab, following the run by server-sent events.
        var dashboard = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 900 } });
        await dashboard.GotoAsync(server.Url.Replace("/?token=", "/dashboard?token=", StringComparison.Ordinal));
        await dashboard.WaitForSelectorAsync("#run-state:has-text('Waiting for')");

        string screenshot = Path.Combine(AppContext.BaseDirectory, "judging-page.png");
        string dashboardShot = Path.Combine(AppContext.BaseDirectory, "dashboard.png");
        File.Delete(screenshot);
        File.Delete(dashboardShot);
        for (int answered = 0; answered < Judgments; answered++)
        {
            await page.WaitForSelectorAsync("#triplet:not([hidden])");
            string id = (await page.GetAttributeAsync("#triplet", "data-id"))!;
            var pending = queue.Find(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture));
            Assert.NotNull(pending);
            if (answered == 3) await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            await page.Keyboard.PressAsync(arm.Answer(pending.Triplet) == TripletAnswer.A ? "a" : "b");
            await page.WaitForFunctionAsync("id => document.getElementById('triplet').dataset.id !== id", id);
        }

        RunOutcome outcome = await Waiting.ForAsync(server.Run!, "the run to finish after its refit");
        Assert.False(outcome.Interrupted);
        Assert.True(new FileInfo(screenshot).Length > 0);
        await page.WaitForSelectorAsync("#progress:has-text('The run has ended')");

        // The dashboard shows the refit and the rater without a reload.
        var accuracy = await dashboard.WaitForSelectorAsync("#s-refits td.accuracy");
        await dashboard.WaitForSelectorAsync("#run-state:has-text('The run has ended')");
        await dashboard.WaitForSelectorAsync("#s-raters td:has-text('playwright')");
        Assert.Equal(2, await dashboard.Locator("img[src^='data:image/png;base64,']").CountAsync());
        await dashboard.ScreenshotAsync(new PageScreenshotOptions { Path = dashboardShot, FullPage = true });

        var judgments = JudgmentSet.Load(arm.JudgmentsPath);
        Assert.Equal(Judgments, judgments.Count);
        Assert.All(judgments, j => Assert.Equal("playwright", j.JudgeName));
        // What the page sent is what the rater meant: every recorded answer is the simulated person's.
        Assert.All(judgments, j => Assert.Equal(arm.Answer(Triplet.Of(j)), j.Answer));
        var update = Assert.Single(Experiment.Open(arm.Directory).ReadMeasureUpdates());
        Assert.Equal(Judgments, update.NewJudgments);
        Assert.True(update.ValidationAccuracy >= 0.9, $"validation accuracy {update.ValidationAccuracy} is below 0.9");
        Assert.Equal(update.ValidationAccuracy!.Value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), await accuracy!.TextContentAsync());
    }
}
