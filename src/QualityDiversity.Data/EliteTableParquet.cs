using QualityDiversity.Persistence;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using QualityDiversity.Archives;
using QualityDiversity.Tables;

namespace QualityDiversity.Data;

/// <summary>
/// Elite tables as Parquet files, for pandas, polars, DuckDB or Spark. Columns as
/// <see cref="EliteTable{T}.ColumnNames"/>: <c>index</c> (int32), <c>objective</c>,
/// <c>threshold</c>, <c>measures_*</c> and <c>features_*</c> (double), <c>solution_*</c> (the
/// element type: double, float, int32, int64, boolean or string) and the metadata columns
/// (double, int64 or string). The measure names are kept in the file's key-value metadata
/// under <c>qd.measure_names</c>. Every value reads back exactly, NaN included. Files are
/// written atomically (temporary file, then rename).
/// </summary>
public static class EliteTableParquet
{
    /// <summary>Key of the measure names (a JSON array) in the file's metadata.</summary>
    public const string MeasureNamesKey = "qd.measure_names";

    private const int RowGroupSize = 100_000;

    /// <summary>Writes <paramref name="table"/> to <paramref name="path"/>, replacing it atomically.</summary>
    /// <exception cref="NotSupportedException">The solutions' element type cannot be stored; convert it with <see cref="EliteTable{T}.ConvertSolutions{TOut}"/>.</exception>
    public static void WriteParquet<T>(this EliteTable<T> table, string path) =>
        Task.Run(() => WriteParquetAsync(table, path)).GetAwaiter().GetResult();

    /// <inheritdoc cref="WriteParquet{T}(EliteTable{T}, string)"/>
    /// <param name="table">The table.</param>
    /// <param name="path">The file; its directory is created if needed.</param>
    /// <param name="cancellationToken">Cancels the write; the target file is then left as it was.</param>
    public static async Task WriteParquetAsync<T>(this EliteTable<T> table, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(path);
        SolutionElement.Check<T>();
        var d = table.Data;
        var index = new DataField<int>(EliteTableColumns.Index, nullable: false);
        var objective = new DataField<double>(EliteTableColumns.Objective, nullable: false);
        var threshold = new DataField<double>(EliteTableColumns.Threshold, nullable: false);
        var measures = Enumerable.Range(0, d.MeasureDim).Select(i => new DataField<double>(EliteTableColumns.Measure(i), nullable: false)).ToArray();
        var solutions = Enumerable.Range(0, d.SolutionWidth).Select(i => SolutionField<T>(EliteTableColumns.Solution(i))).ToArray();
        var features = Enumerable.Range(0, d.FeatureDim).Select(i => new DataField<double>(EliteTableColumns.Feature(i), nullable: false)).ToArray();
        var metadata = table.MetadataColumns.Select(c => c.Kind switch
        {
            EliteColumnKind.Double => (DataField)new DataField<double>(c.Name, nullable: false),
            EliteColumnKind.Int64 => new DataField<long>(c.Name, nullable: false),
            _ => new DataField<string>(c.Name, nullable: true),
        }).ToArray();
        var schema = new ParquetSchema([index, objective, threshold, .. measures, .. solutions, .. features, .. metadata]);

        await AtomicFile.WriteAsync(path, async (stream, cancellationToken) =>
        {
            await using (var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                writer.CustomMetadata = new Dictionary<string, string> { [MeasureNamesKey] = JsonSerializer.Serialize(table.MeasureNames) };
                // An empty table still gets one (empty) row group, so its schema and metadata are complete.
                for (int start = 0; start == 0 || start < d.Count; start += RowGroupSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var rows = Enumerable.Range(start, Math.Min(RowGroupSize, d.Count - start)).ToArray();
                    var part = table.SelectRows(rows);
                    var p = part.Data;
                    using var group = writer.CreateRowGroup();
                    await group.WriteAsync<int>(index, p.Index, cancellationToken: cancellationToken).ConfigureAwait(false);
                    await group.WriteAsync<double>(objective, p.Objective, cancellationToken: cancellationToken).ConfigureAwait(false);
                    await group.WriteAsync<double>(threshold, p.Threshold, cancellationToken: cancellationToken).ConfigureAwait(false);
                    for (int m = 0; m < measures.Length; m++)
                        await group.WriteAsync<double>(measures[m], p.MeasureColumn(m), cancellationToken: cancellationToken).ConfigureAwait(false);
                    for (int s = 0; s < solutions.Length; s++)
                        await WriteSolutionColumn(group, solutions[s], SolutionElement.Column(p.Solutions, p.SolutionWidth, s), cancellationToken).ConfigureAwait(false);
                    for (int f = 0; f < features.Length; f++)
                        await group.WriteAsync<double>(features[f], SolutionElement.Column(p.Features, p.FeatureDim, f), cancellationToken: cancellationToken).ConfigureAwait(false);
                    for (int c = 0; c < metadata.Length; c++)
                    {
                        var column = part.MetadataColumns[c];
                        Task write = column.Kind switch
                        {
                            EliteColumnKind.Double => group.WriteAsync<double>(metadata[c], column.Doubles.ToArray(), cancellationToken: cancellationToken),
                            EliteColumnKind.Int64 => group.WriteAsync<long>(metadata[c], column.Integers.ToArray(), cancellationToken: cancellationToken),
                            _ => group.WriteAsync(metadata[c], column.Texts.ToArray()),
                        };
                        await write.ConfigureAwait(false);
                    }
                    group.CompleteValidate();
                }
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a table written by <see cref="WriteParquet{T}(EliteTable{T}, string)"/>, with solutions of type <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidDataException">A required column is missing or has another type, or a value is null where none may be; the message names the column.</exception>
    public static EliteTable<T> ReadParquet<T>(string path) =>
        Task.Run(() => ReadParquetAsync<T>(path)).GetAwaiter().GetResult();

    /// <inheritdoc cref="ReadParquet{T}(string)"/>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<EliteTable<T>> ReadParquetAsync<T>(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SolutionElement.Check<T>();
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        var fields = reader.Schema.DataFields;
        var names = fields.Select(f => f.Name).ToArray();
        int measureDim = EliteTableColumns.CountPrefixed(names, EliteTableColumns.MeasurePrefix);
        int width = EliteTableColumns.CountPrefixed(names, EliteTableColumns.SolutionPrefix);
        int featureDim = EliteTableColumns.CountPrefixed(names, EliteTableColumns.FeaturePrefix);
        DataField Field(string name, Type type)
        {
            var field = fields.FirstOrDefault(f => f.Name == name) ?? throw new InvalidDataException($"{path} has no column '{name}'.");
            if (!HasType(field, type)) throw new InvalidDataException($"{path}: column '{name}' holds {field.ClrType.Name} values, not {type.Name}.");
            return field;
        }
        var index = Field(EliteTableColumns.Index, typeof(int));
        var objective = Field(EliteTableColumns.Objective, typeof(double));
        var threshold = Field(EliteTableColumns.Threshold, typeof(double));
        var measures = Enumerable.Range(0, measureDim).Select(i => Field(EliteTableColumns.Measure(i), typeof(double))).ToArray();
        var solutions = Enumerable.Range(0, width).Select(i => Field(EliteTableColumns.Solution(i), typeof(T))).ToArray();
        var features = Enumerable.Range(0, featureDim).Select(i => Field(EliteTableColumns.Feature(i), typeof(double))).ToArray();
        var fixedNames = new HashSet<string>([index.Name, objective.Name, threshold.Name, .. measures.Select(f => f.Name), .. solutions.Select(f => f.Name), .. features.Select(f => f.Name)]);
        var metadata = fields.Where(f => !fixedNames.Contains(f.Name)).ToArray();

        var idx = new List<int>();
        var obj = new List<double>();
        var thr = new List<double>();
        var mea = Enumerable.Range(0, measureDim).Select(_ => new List<double>()).ToArray();
        var sol = Enumerable.Range(0, width).Select(_ => new List<T>()).ToArray();
        var fea = Enumerable.Range(0, featureDim).Select(_ => new List<double>()).ToArray();
        var meta = metadata.Select(_ => new List<object?>()).ToArray();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int count = checked((int)group.RowCount);
            idx.AddRange(await Required<int>(group, index, count, path, cancellationToken).ConfigureAwait(false));
            obj.AddRange(await Required<double>(group, objective, count, path, cancellationToken).ConfigureAwait(false));
            thr.AddRange(await Required<double>(group, threshold, count, path, cancellationToken).ConfigureAwait(false));
            for (int m = 0; m < measureDim; m++) mea[m].AddRange(await Required<double>(group, measures[m], count, path, cancellationToken).ConfigureAwait(false));
            for (int s = 0; s < width; s++) sol[s].AddRange(await ReadSolutionColumn<T>(group, solutions[s], count, path, cancellationToken).ConfigureAwait(false));
            for (int f = 0; f < featureDim; f++) fea[f].AddRange(await Required<double>(group, features[f], count, path, cancellationToken).ConfigureAwait(false));
            for (int c = 0; c < metadata.Length; c++) meta[c].AddRange(await ReadAny(group, metadata[c], count, path, cancellationToken).ConfigureAwait(false));
        }

        int n = idx.Count;
        var measureValues = new double[n * measureDim];
        for (int r = 0; r < n; r++) for (int m = 0; m < measureDim; m++) measureValues[r * measureDim + m] = mea[m][r];
        var solutionValues = new T[n * width];
        for (int r = 0; r < n; r++) for (int s = 0; s < width; s++) solutionValues[r * width + s] = sol[s][r];
        var featureValues = new double[n * featureDim];
        for (int r = 0; r < n; r++) for (int f = 0; f < featureDim; f++) featureValues[r * featureDim + f] = fea[f][r];
        var data = new ArchiveData<T>([.. idx], [.. obj], [.. thr], measureValues, measureDim, solutionValues, width, featureValues, featureDim);
        var columns = metadata.Select((f, c) => MetadataColumn(f, meta[c], path)).ToArray();
        string[]? measureNames = reader.CustomMetadata.TryGetValue(MeasureNamesKey, out var json) ? JsonSerializer.Deserialize<string[]>(json) : null;
        if (measureNames is not null && measureNames.Length != measureDim)
            throw new InvalidDataException($"{path}: {MeasureNamesKey} names {measureNames.Length} measures but the file has {measureDim} measure columns.");
        return new EliteTable<T>(data, measureNames, columns);
    }

    // Parquet.Net 6 reports string columns as ReadOnlyMemory<char>.
    private static bool HasType(DataField field, Type type) =>
        field.ClrType == type || (type == typeof(string) && field.ClrType == typeof(ReadOnlyMemory<char>));

    private static DataField SolutionField<T>(string name) =>
        typeof(T) == typeof(string) ? new DataField<string>(name, nullable: true) : new DataField(name, typeof(T), isNullable: false);

    private static Task WriteSolutionColumn<T>(ParquetRowGroupWriter group, DataField field, T[] values, CancellationToken cancellationToken) => values switch
    {
        double[] v => group.WriteAsync<double>(field, v, cancellationToken: cancellationToken),
        float[] v => group.WriteAsync<float>(field, v, cancellationToken: cancellationToken),
        int[] v => group.WriteAsync<int>(field, v, cancellationToken: cancellationToken),
        long[] v => group.WriteAsync<long>(field, v, cancellationToken: cancellationToken),
        bool[] v => group.WriteAsync<bool>(field, v, cancellationToken: cancellationToken),
        string[] v => group.WriteAsync(field, v),
        _ => throw new NotSupportedException($"solutions of type {typeof(T).Name} cannot be stored."),
    };

    private static async Task<T[]> ReadSolutionColumn<T>(ParquetRowGroupReader group, DataField field, int count, string path, CancellationToken cancellationToken)
    {
        object values = typeof(T) switch
        {
            var t when t == typeof(double) => await Required<double>(group, field, count, path, cancellationToken).ConfigureAwait(false),
            var t when t == typeof(float) => await Required<float>(group, field, count, path, cancellationToken).ConfigureAwait(false),
            var t when t == typeof(int) => await Required<int>(group, field, count, path, cancellationToken).ConfigureAwait(false),
            var t when t == typeof(long) => await Required<long>(group, field, count, path, cancellationToken).ConfigureAwait(false),
            var t when t == typeof(bool) => await Required<bool>(group, field, count, path, cancellationToken).ConfigureAwait(false),
            _ => await Strings(group, field, count, cancellationToken).ConfigureAwait(false),
        };
        return (T[])values;
    }

    private static async Task<object?[]> ReadAny(ParquetRowGroupReader group, DataField field, int count, string path, CancellationToken cancellationToken)
    {
        if (field.ClrType == typeof(double)) return (await Required<double>(group, field, count, path, cancellationToken).ConfigureAwait(false)).Cast<object?>().ToArray();
        if (field.ClrType == typeof(long)) return (await Required<long>(group, field, count, path, cancellationToken).ConfigureAwait(false)).Cast<object?>().ToArray();
        if (HasType(field, typeof(string))) return await Strings(group, field, count, cancellationToken).ConfigureAwait(false);
        throw new InvalidDataException($"{path}: metadata column '{field.Name}' holds {field.ClrType.Name} values; metadata columns hold double, int64 or string.");
    }

    private static EliteColumn MetadataColumn(DataField field, List<object?> values, string path) => field.ClrType switch
    {
        var t when t == typeof(double) => EliteColumn.Of(field.Name, values.Select(v => (double)v!).ToArray()),
        var t when t == typeof(long) => EliteColumn.Of(field.Name, values.Select(v => (long)v!).ToArray()),
        _ => EliteColumn.Of(field.Name, values.Select(v => (string?)v).ToArray()),
    };

    private static async Task<T[]> Required<T>(ParquetRowGroupReader group, DataField field, int count, string path, CancellationToken cancellationToken)
        where T : struct
    {
        var nullable = new T?[count];
        await group.ReadAsync<T>(field, nullable, cancellationToken: cancellationToken).ConfigureAwait(false);
        var result = new T[count];
        for (int i = 0; i < count; i++)
            result[i] = nullable[i] ?? throw new InvalidDataException($"{path}: column '{field.Name}' is null in row {i} of a row group.");
        return result;
    }

    private static async Task<string?[]> Strings(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        var values = new string?[count];
        await group.ReadAsync(field, values, cancellationToken: cancellationToken).ConfigureAwait(false);
        return values;
    }
}
