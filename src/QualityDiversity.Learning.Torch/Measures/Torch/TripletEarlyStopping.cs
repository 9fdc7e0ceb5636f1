namespace QualityDiversity.Learning.Measures.Torch;

/// <summary>Applies a <see cref="TripletFitRule"/> to the validation accuracies of a fit, epoch by epoch.</summary>
internal sealed class TripletEarlyStopping(TripletProjectionOptions options)
{
    private double _best = double.NegativeInfinity;
    private int _bestEpoch;

    /// <summary>What to do after the epoch whose accuracy is the last of <paramref name="accuracies"/>.</summary>
    /// <returns>Whether to stop, and whether the current weights are the ones to keep so far.</returns>
    public (bool Stop, bool KeepWeights) After(IReadOnlyList<double> accuracies)
    {
        int epochs = accuracies.Count;
        if (options.Fit == TripletFitRule.BestValidation)
        {
            bool better = accuracies[^1] > _best;
            if (better)
            {
                _best = accuracies[^1];
                _bestEpoch = epochs;
            }
            return (epochs - _bestEpoch >= options.Patience, better);
        }
        // The reference tests its 0-based epoch index with "> window", so the first check comes after
        // window + 2 epochs, one later than the window alone requires.
        int window = options.EarlyStoppingWindow;
        bool stop = epochs - 1 > window && Mean(accuracies, epochs - window, window) < Mean(accuracies, epochs - window - 1, window);
        return (stop, false);
    }

    /// <summary>Validation accuracy of the weights the fit keeps.</summary>
    public double KeptAccuracy(IReadOnlyList<double> accuracies) => options.Fit == TripletFitRule.BestValidation ? _best : accuracies[^1];

    private static double Mean(IReadOnlyList<double> values, int start, int count)
    {
        double sum = 0;
        for (int i = start; i < start + count; i++) sum += values[i];
        return sum / count;
    }
}
