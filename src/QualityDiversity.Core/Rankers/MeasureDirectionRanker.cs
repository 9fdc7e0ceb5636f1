using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Randomness;

namespace QualityDiversity.Rankers;

/// <summary>
/// Shared state of the random-direction rankers (Fontaine et al. 2020, CMA-ME's random direction
/// emitter): at every <see cref="Reset"/> a direction <c>v</c> is drawn and candidates are
/// ranked by the projection <c>m · v</c> of their measures <c>m</c>, which drives the emitter
/// across measure space along <c>v</c>.
/// </summary>
/// <remarks>
/// As in pyribs, <c>v = g ⊙ r</c> with <c>g ~ N(0, I)</c> and <c>r</c> the extent of the
/// archive's measure space per axis (so the direction is uniform over the archive's shape, not
/// over raw measure units); here <c>v</c> is then normalised to unit length, which changes no
/// ranking. The extents come from a <see cref="GridArchive{T}"/>'s axes, a
/// <see cref="CvtArchive{T}"/>'s ranges, a <see cref="CategoricalArchive{T}"/>'s label counts,
/// or the <c>measureRanges</c> given to the constructor; otherwise every axis counts as 1.
/// </remarks>
public abstract class MeasureDirectionRanker : Ranker
{
    private readonly double[]? _measureRanges;
    private double[]? _direction;

    /// <summary>Initialises the ranker.</summary>
    /// <param name="name">Short name.</param>
    /// <param name="twoStage">Whether candidates are grouped by archive status first.</param>
    /// <param name="measureRanges">Extent of the measure space per axis; null to read it from the archive.</param>
    private protected MeasureDirectionRanker(string name, bool twoStage, IReadOnlyList<double>? measureRanges)
        : base(name, twoStage)
    {
        if (measureRanges is not null)
        {
            _measureRanges = measureRanges.ToArray();
            foreach (double r in _measureRanges)
            {
                if (!(r >= 0) || !double.IsFinite(r))
                    throw new ArgumentOutOfRangeException(nameof(measureRanges), r, "Measure ranges must be finite and non-negative.");
            }
            if (_measureRanges.Length == 0 || _measureRanges.All(r => r == 0))
                throw new ArgumentException("Measure ranges need at least one positive extent.", nameof(measureRanges));
        }
    }

    /// <summary>The current unit direction in measure space; empty before the first <see cref="Reset"/>.</summary>
    public ReadOnlySpan<double> Direction => _direction;

    /// <summary>Draws a new unit direction.</summary>
    public override void Reset(IArchive<double> archive, RandomSource random)
    {
        base.Reset(archive, random);
        var ranges = _measureRanges ?? MeasureRanges(archive);
        if (ranges.Length != archive.MeasureDim)
            throw new ArgumentException($"The ranker has {ranges.Length} measure ranges but the archive has {archive.MeasureDim} measures.", nameof(archive));
        var direction = _direction?.Length == ranges.Length ? _direction : new double[ranges.Length];
        double norm2;
        do
        {
            // Redraw in the (practically impossible) case of a zero vector, which has no direction.
            norm2 = 0;
            for (int j = 0; j < direction.Length; j++)
            {
                direction[j] = random.NextGaussian() * ranges[j];
                norm2 += direction[j] * direction[j];
            }
        } while (!(norm2 > 0));
        double scale = 1 / Math.Sqrt(norm2);
        for (int j = 0; j < direction.Length; j++) direction[j] *= scale;
        _direction = direction;
    }

    /// <inheritdoc />
    protected override void ComputeValues(in EmitterFeedback<double> feedback, Span<double> values)
    {
        var direction = _direction ?? throw new InvalidOperationException($"Ranker {Name} has no direction yet; call Reset first.");
        int n = feedback.Candidates.Count, d = direction.Length;
        var measures = feedback.Candidates.Measures.Span;
        if (measures.Length != n * d)
            throw new ArgumentException($"The feedback has {measures.Length} measure values for {n} candidates; the ranker's direction has {d} measures.", nameof(feedback));
        for (int i = 0; i < n; i++)
        {
            var m = measures.Slice(i * d, d);
            double projection = 0;
            for (int j = 0; j < d; j++) projection += m[j] * direction[j];
            values[i] = projection;
        }
    }

    /// <inheritdoc />
    public override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(_direction?.Length ?? -1);
        if (_direction is not null)
            foreach (double v in _direction) writer.Write(v);
    }

    /// <inheritdoc />
    public override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        int length = reader.ReadInt32();
        if (length < 0)
        {
            _direction = null;
            return;
        }
        if (_measureRanges is not null && length != _measureRanges.Length)
            throw new InvalidDataException($"The checkpoint's direction has {length} measures; this ranker has {_measureRanges.Length}.");
        var direction = new double[length];
        for (int j = 0; j < length; j++) direction[j] = reader.ReadDouble();
        _direction = direction;
    }

    /// <summary>Extent of the archive's measure space per axis, where the archive knows it; else 1 per axis.</summary>
    private static double[] MeasureRanges(IArchive<double> archive)
    {
        var ranges = new double[archive.MeasureDim];
        switch (archive)
        {
            case GridArchive<double> grid:
                for (int j = 0; j < ranges.Length; j++) ranges[j] = grid.Axes[j].Upper - grid.Axes[j].Lower;
                break;
            case CvtArchive<double> { Ranges: { } cvtRanges }:
                for (int j = 0; j < ranges.Length; j++) ranges[j] = cvtRanges[j].Upper - cvtRanges[j].Lower;
                break;
            case CategoricalArchive<double> categorical:
                // Measures are label indices 0 .. L-1.
                for (int j = 0; j < ranges.Length; j++) ranges[j] = categorical.Axes[j].Count - 1;
                break;
        }
        bool usable = false;
        foreach (double r in ranges) usable |= r > 0 && double.IsFinite(r);
        if (!usable) ranges.AsSpan().Fill(1);
        return ranges;
    }
}
