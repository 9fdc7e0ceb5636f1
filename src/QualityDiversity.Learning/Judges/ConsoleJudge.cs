using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Judges;

/// <summary>
/// Asks a person at a text console: shows the reference and the two candidates and reads
/// "a" or "1" (A is more similar), "b" or "2" (B is), "s" (skip: the question is declined) or
/// "q" (quit: this and all later questions are declined, now and in later calls). Anything else
/// is answered with a short explanation and the question is asked again. The end of the input
/// counts as quitting.
/// </summary>
/// <remarks>Concurrent calls are asked one after another, never interleaved.</remarks>
public sealed class ConsoleJudge : IJudge
{
    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly Func<JudgedItem, string> _render;
    private readonly Action<Judgment>? _onAnswer;
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Creates a judge asking <paramref name="personName"/>.</summary>
    /// <param name="personName">The person's name, recorded in the judgments.</param>
    /// <param name="input">Where answers are read; defaults to <see cref="Console.In"/>.</param>
    /// <param name="output">Where questions are written; defaults to <see cref="Console.Out"/>.</param>
    /// <param name="timeProvider">Clock for <see cref="Judgment.AnsweredAt"/>; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <param name="render">Renders a candidate; defaults to <see cref="JudgedItemText.Compact"/>.</param>
    /// <param name="onAnswer">
    /// Called with each judgment as soon as the person gives it (for example <see cref="JudgmentSet.Add"/>
    /// on an opened set), so answers already given survive a crash or cancellation later in the batch.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="personName"/> is null, empty or white space.</exception>
    public ConsoleJudge(
        string personName,
        TextReader? input = null,
        TextWriter? output = null,
        TimeProvider? timeProvider = null,
        Func<JudgedItem, string>? render = null,
        Action<Judgment>? onAnswer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personName);
        Name = personName;
        _input = input ?? Console.In;
        _output = output ?? Console.Out;
        _time = timeProvider ?? TimeProvider.System;
        _render = render ?? JudgedItemText.Compact;
        _onAnswer = onAnswer;
    }

    /// <inheritdoc />
    public JudgeKind Kind => JudgeKind.Human;

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>True once the person has quit (or the input has ended); later calls answer nothing.</summary>
    public bool HasQuit { get; private set; }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<Triplet> triplets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(triplets);
        for (int i = 0; i < triplets.Count; i++)
            if (triplets[i] is null) throw new ArgumentException($"Triplet {i} is null.", nameof(triplets));

        var judgments = new List<Judgment>();
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (int i = 0; i < triplets.Count && !HasQuit; i++)
            {
                Triplet triplet = triplets[i];
                await ShowAsync(triplet, i, triplets.Count, cancellationToken).ConfigureAwait(false);
                Reply reply = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
                switch (reply)
                {
                    case Reply.A:
                    case Reply.B:
                        TripletAnswer answer = reply == Reply.A ? TripletAnswer.A : TripletAnswer.B;
                        Judgment judgment = triplet.Answer(answer, JudgeKind.Human, Name, _time.GetUtcNow());
                        _onAnswer?.Invoke(judgment);
                        judgments.Add(judgment);
                        break;
                    case Reply.Quit:
                        HasQuit = true;
                        break;
                }
            }
        }
        finally
        {
            _turn.Release();
        }
        return judgments;
    }

    private async Task ShowAsync(Triplet triplet, int index, int count, CancellationToken cancellationToken)
    {
        string text =
            $"{Environment.NewLine}Question {index + 1} of {count}: which candidate is more similar to the reference?{Environment.NewLine}"
            + $"  Reference: {Indent(_render(triplet.Reference))}{Environment.NewLine}"
            + $"  A: {Indent(_render(triplet.A))}{Environment.NewLine}"
            + $"  B: {Indent(_render(triplet.B))}{Environment.NewLine}";
        await _output.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    // Keeps multi-line renderings inside their block.
    private static string Indent(string text) => text.ReplaceLineEndings(Environment.NewLine + "     ");

    private async Task<Reply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _output.WriteAsync("Answer a or b (1 or 2), s to skip, q to quit: ".AsMemory(), cancellationToken).ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            string? line = await _input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                await _output.WriteLineAsync().ConfigureAwait(false);
                return Reply.Quit;
            }
            switch (line.Trim().ToLowerInvariant())
            {
                case "a" or "1": return Reply.A;
                case "b" or "2": return Reply.B;
                case "s" or "skip": return Reply.Skip;
                case "q" or "quit": return Reply.Quit;
            }
            await _output.WriteLineAsync(
                $"\"{line.Trim()}\" is not an answer: type a (or 1) if A is more similar to the reference, b (or 2) if B is, s to skip this question or q to stop.".AsMemory(),
                cancellationToken).ConfigureAwait(false);
        }
    }

    private enum Reply
    {
        A,
        B,
        Skip,
        Quit,
    }
}
