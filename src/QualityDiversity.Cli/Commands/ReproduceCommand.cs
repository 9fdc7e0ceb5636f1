using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using QualityDiversity.Experiments.Reproduce;
using QualityDiversity.Learning.Measures.Torch;

namespace QualityDiversity.Cli.Commands;

/// <summary>
/// <c>qd reproduce qdhf-arm|qdhf-maze [--trials N] [--out DIR] [--label-noise P] [--methods LIST] [--jobs N] [--fit RULE] [--svg]</c>:
/// runs the QDHF paper's methods under its protocol, writes per-trial CSVs, a summary table and
/// comparison curves. Completed trials are kept: running the same command again resumes.
/// </summary>
internal static class ReproduceCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var protocol = new Argument<string>("PROTOCOL") { Description = $"The protocol: {string.Join(", ", QdhfTaskProtocol.All.Select(p => p.Id))}." };
        var trials = new Option<int?>("--trials") { Description = "Trials per method (seeds 0..N-1) [default: 20 for the arm, 10 for the maze].", HelpName = "N" };
        var output = new Option<string?>("--out", "-o") { Description = "Output directory [default: reproduce/PROTOCOL]; completed trials found there are reused.", HelpName = "DIR" };
        var noise = new Option<double?>("--label-noise") { Description = "Probability that a simulated judgment is flipped, e.g. 0.05, 0.1, 0.2 [default: 0].", HelpName = "P" };
        var methods = new Option<string?>("--methods") { Description = $"Comma-separated subset of the methods [default: all]: {string.Join(", ", QdhfMethod.All.Select(m => m.Id))}.", HelpName = "LIST" };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Trials run at once [default: the number of processors].", HelpName = "N" };
        var iterations = new Option<int?>("--iterations", "-n") { Description = "Iterations per trial [default: 1000, the protocol's]; the progressive schedule scales with it.", HelpName = "N" };
        var fit = new Option<string?>("--fit") { Description = $"How QDHF's projections are fitted: {string.Join(", ", TripletFitRuleNames.All)} [default: protocol, the reference's early stopping].", HelpName = "RULE" };
        var svg = new Option<bool>("--svg") { Description = "Also write the comparison figure as SVG." };
        var command = new Command("reproduce", "Reproduce a paper's protocol: QDHF's comparison of QD-GT, AURORA (PCA/AE, Pre/Inc), QDHF-Base and QDHF.")
        {
            protocol, trials, output, noise, methods, jobs, iterations, fit, svg,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () => ExecuteAsync(context, parse.GetValue(protocol)!,
            parse.GetValue(trials), parse.GetValue(output), parse.GetValue(noise), parse.GetValue(methods), parse.GetValue(jobs), parse.GetValue(iterations), parse.GetValue(svg), parse.GetValue(fit))));
        return command;
    }

    /// <summary>Runs the command.</summary>
    public static async Task<int> ExecuteAsync(CliContext context, string protocolId, int? trials, string? output, double? labelNoise,
        string? methodList, int? jobs, int? iterations, bool svg, string? fit = null)
    {
        var options = new QdhfReproductionOptions
        {
            Protocol = protocolId,
            Trials = trials,
            Output = output,
            LabelNoise = labelNoise ?? 0,
            Methods = methodList?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Jobs = jobs,
            Iterations = iterations,
            Svg = svg,
            Fit = fit,
        };
        var outcome = await QdhfReproduction.RunAsync(options, line =>
        {
            context.Out.WriteLine(line);
            context.Out.Flush();
        }, context.Cancellation).ConfigureAwait(false);
        if (outcome.TrialsCompleted == 0)
        {
            context.Err.WriteLine("Interrupted before any trial completed; nothing to summarise.");
            return ExitCodes.Interrupted;
        }
        context.Out.WriteLine();
        context.Out.Write(outcome.Markdown);
        context.Out.WriteLine();
        context.Out.WriteLine($"Wrote {outcome.Files[0]}, {string.Join(", ", outcome.Files.Skip(1).Select(Path.GetFileName))} and per-trial CSVs under trials/.");
        if (outcome.Interrupted)
        {
            context.Err.WriteLine("Interrupted: completed trials are saved; run the same command again to resume.");
            return ExitCodes.Interrupted;
        }
        return ExitCodes.Success;
    }
}
