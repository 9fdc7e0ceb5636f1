using System.Runtime.CompilerServices;
using System.Buffers;
using QualityDiversity.Persistence;

namespace QualityDiversity.Archives;

/// <summary>
/// An archive with a fixed set of cells (grid, CVT, categorical). Each cell keeps at most one
/// elite and an acceptance threshold, which implements both plain MAP-Elites and CMA-MAE's soft
/// thresholds (Fontaine and Nikolaidis 2023).
/// </summary>
/// <remarks>
/// <para>Batch semantics: every candidate is judged against the cell's threshold as it was
/// before the batch. A candidate with objective <c>f</c> clears cell <c>e</c> when
/// <c>f &gt; t_e</c>; its value is <c>f - t_e</c>, where an empty cell counts as
/// <c>threshold_min</c> (or 0 when <c>threshold_min = -inf</c>, so that values stay finite).
/// Among several candidates of one batch that clear the same cell, the best objective wins and
/// ties go to the earliest. Under <see cref="Archives.EliteReplacement.ClearsThreshold"/> (the
/// default for a learning rate below 1) that candidate replaces the stored elite; under
/// <see cref="Archives.EliteReplacement.BetterObjective"/> only a better objective does.</para>
/// <para>Threshold update: with <c>threshold_min = -inf</c> the threshold is the elite's
/// objective (plain MAP-Elites). Otherwise, when <c>k</c> candidates with mean objective
/// <c>m</c> clear <c>t_e</c>, <c>t_e ← (1-α)^k t_e + (1 - (1-α)^k) m</c>.</para>
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public abstract class CellArchive<T> : ArchiveBase<T>
{
    private readonly int _cellCount;
    private readonly int[] _groupOfCell; // scratch: cell -> group index during one add, else -1

    /// <summary>Initialises a fixed-cell archive.</summary>
    /// <param name="cellCount">Number of cells.</param>
    /// <param name="solutionWidth">Elements per solution.</param>
    /// <param name="measureDim">Measures per candidate.</param>
    /// <param name="options">Thresholds, QD-score offset, kept features and checkpoint codec.</param>
    protected CellArchive(int cellCount, int solutionWidth, int measureDim, ArchiveOptions<T>? options)
        : base(CheckCells(cellCount), solutionWidth, measureDim, (options ??= new()).FeatureDim,
               options.ThresholdMin, options.QdScoreOffset, options.Codec)
    {
        if (!(options.LearningRate > 0 && options.LearningRate <= 1))
            throw new ArgumentOutOfRangeException("learningRate", options.LearningRate, "The archive learning rate must be in (0, 1].");
        if (double.IsNaN(options.ThresholdMin) || double.IsPositiveInfinity(options.ThresholdMin))
            throw new ArgumentOutOfRangeException("thresholdMin", options.ThresholdMin, "threshold_min must be a number or -infinity.");
        _cellCount = cellCount;
        LearningRate = options.LearningRate;
        ThresholdMin = options.ThresholdMin;
        EliteReplacement = options.EliteReplacement ?? (options.LearningRate < 1.0 ? EliteReplacement.ClearsThreshold : EliteReplacement.BetterObjective);
        _groupOfCell = new int[cellCount];
        _groupOfCell.AsSpan().Fill(-1);
    }

    private static int CheckCells(int cellCount) =>
        cellCount > 0 ? cellCount : throw new ArgumentOutOfRangeException(nameof(cellCount), cellCount, "An archive needs at least one cell.");

    /// <inheritdoc />
    public override int CellCount => _cellCount;

    /// <summary>CMA-MAE archive learning rate α in (0, 1]; 1 with <see cref="ThresholdMin"/> = -inf is plain MAP-Elites.</summary>
    public double LearningRate { get; }

    /// <summary>Initial acceptance threshold of every cell; -inf for plain MAP-Elites.</summary>
    public double ThresholdMin { get; }

    /// <summary>When a candidate that clears a cell's threshold replaces the cell's elite.</summary>
    public EliteReplacement EliteReplacement { get; }

    /// <summary>The cell index of the measure vector <paramref name="measures"/>.</summary>
    public abstract int CellOf(ReadOnlySpan<double> measures);

    /// <summary>
    /// Cell indices of a row-major batch of measure vectors. Override for a faster batch path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public virtual void CellsOf(ReadOnlySpan<double> measures, Span<int> cells)
    {
        int d = MeasureDim;
        for (int i = 0; i < cells.Length; i++) cells[i] = CellOf(measures.Slice(i * d, d));
    }

    /// <inheritdoc />
    public override int FindSlot(ReadOnlySpan<double> measures)
    {
        if (measures.Length != MeasureDim)
            throw new ArgumentException($"Expected {MeasureDim} measures, got {measures.Length}.", nameof(measures));
        int cell = CellOf(measures);
        return Storage.IsOccupied(cell) ? cell : -1;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override void AddCore(in CandidateBatch<T> batch, Span<AddStatus> status, Span<double> value)
    {
        int n = batch.Count;
        var objectives = batch.Objectives.Span;
        var measures = batch.Measures.Span;
        var features = batch.Features.Span;
        int measureDim = MeasureDim, featureDim = FeatureDim;
        bool hasFeatures = featureDim > 0 && !features.IsEmpty;
        bool plainThresholds = double.IsNegativeInfinity(ThresholdMin);
        bool replaceOnClear = EliteReplacement == EliteReplacement.ClearsThreshold;

        int[] cells = Rent<int>(n), groupCell = Rent<int>(n), groupBest = Rent<int>(n), groupCount = Rent<int>(n);
        double[] groupSum = Rent<double>(n);
        try
        {
            CellsOf(measures, cells.AsSpan(0, n));
            int groups = 0;
            for (int i = 0; i < n; i++)
            {
                int cell = cells[i];
                bool occupied = Storage.IsOccupied(cell);
                double threshold = occupied ? Storage.Threshold(cell) : ThresholdMin;
                double f = objectives[i];
                bool cleared = f > threshold;
                status[i] = !cleared ? AddStatus.NotAdded : occupied ? AddStatus.ImprovedExisting : AddStatus.New;
                double reference = occupied ? threshold : plainThresholds ? 0.0 : ThresholdMin;
                value[i] = f - reference;
                if (!cleared) continue;

                int g = _groupOfCell[cell];
                if (g < 0)
                {
                    g = groups++;
                    _groupOfCell[cell] = g;
                    groupCell[g] = cell;
                    groupBest[g] = i;
                    groupCount[g] = 0;
                    groupSum[g] = 0;
                }
                groupCount[g]++;
                groupSum[g] += f;
                if (f > objectives[groupBest[g]]) groupBest[g] = i; // strict: ties keep the first
            }

            for (int g = 0; g < groups; g++)
            {
                int cell = groupCell[g], best = groupBest[g];
                _groupOfCell[cell] = -1;
                bool occupied = Storage.IsOccupied(cell);
                double before = occupied ? Storage.Threshold(cell) : ThresholdMin;
                double f = objectives[best];
                if (!occupied || replaceOnClear || f > Storage.Objective(cell))
                {
                    Storage.Set(cell, batch.Solutions.Row(best), f, measures.Slice(best * measureDim, measureDim),
                        hasFeatures ? features.Slice(best * featureDim, featureDim) : default);
                }
                double threshold;
                if (plainThresholds)
                {
                    threshold = Storage.Objective(cell);
                }
                else
                {
                    double ratio = Math.Pow(1.0 - LearningRate, groupCount[g]);
                    threshold = ratio * before + (1.0 - ratio) * (groupSum[g] / groupCount[g]);
                }
                Storage.SetThreshold(cell, threshold);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(cells);
            ArrayPool<int>.Shared.Return(groupCell);
            ArrayPool<int>.Shared.Return(groupBest);
            ArrayPool<int>.Shared.Return(groupCount);
            ArrayPool<double>.Shared.Return(groupSum);
        }
    }
}
