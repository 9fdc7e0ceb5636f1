using QualityDiversity.Persistence;
using Parquet;
using Parquet.Data;
using Parquet.Schema;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Export;

/// <summary>
/// A run's dataset as one Parquet file, for pandas, polars, DuckDB or Spark. Columns:
/// <c>id</c> (int64), <c>step</c> (int32), <c>operator</c> (string), <c>parent_ids</c>
/// (list&lt;int64&gt;), <c>text</c> (string, null when generation failed), <c>status</c> (string),
/// <c>failure</c> (string, nullable), <c>quality</c> (double, null when not evaluated), one
/// nullable double column per measure, <c>cell</c> (int32) and <c>annotations</c> (a JSON object
/// of strings).
/// </summary>
/// <remarks>
/// Measure columns are named by the caller (default <c>measure_0</c>, <c>measure_1</c>, …); there
/// are as many as the longest measure vector and a row with fewer measures has nulls in the rest.
/// A NaN quality is stored as null; a NaN measure of an evaluated row stays NaN, so null marks
/// only a missing measure. On reading, any column that is not one of the fixed ones is a measure
/// column, in file order, and a row's measures are the values before its first null. Files are
/// written atomically (temporary file, then rename), compressed with Snappy.
/// </remarks>
public static class TextDatasetParquet
{
    /// <summary>Rows per row group when writing.</summary>
    internal const int DefaultRowGroupSize = 100_000;

    private static readonly string[] FixedColumns =
        ["id", "step", "operator", "parent_ids", "text", "status", "failure", "quality", "cell", "annotations"];

    /// <summary>Writes the rows to a Parquet file at <paramref name="path"/>, replacing it atomically.</summary>
    /// <param name="path">The file; its directory is created if needed.</param>
    /// <param name="rows">The rows, in the order they are to appear.</param>
    /// <param name="measureNames">
    /// Names of the measure columns; at least as many as the longest measure vector (more give
    /// all-null columns). Default <c>measure_0</c>, <c>measure_1</c>, …
    /// </param>
    /// <exception cref="ArgumentException">
    /// A row has a null member the record does not allow, or the measure names are too few,
    /// repeated, empty or clash with a fixed column.
    /// </exception>
    public static void Write(string path, IReadOnlyList<EvaluatedText> rows, IReadOnlyList<string>? measureNames = null) =>
        Write(path, rows, measureNames, DefaultRowGroupSize);

    /// <inheritdoc cref="Write(string, IReadOnlyList{EvaluatedText}, IReadOnlyList{string}?)"/>
    internal static void Write(string path, IReadOnlyList<EvaluatedText> rows, IReadOnlyList<string>? measureNames, int rowGroupSize) =>
        // Parquet.Net only has an asynchronous API; run it off any synchronisation context.
        Task.Run(() => WriteAsync(path, rows, measureNames, rowGroupSize, CancellationToken.None)).GetAwaiter().GetResult();

    /// <inheritdoc cref="Write(string, IReadOnlyList{EvaluatedText}, IReadOnlyList{string}?)"/>
    /// <param name="path">The file; its directory is created if needed.</param>
    /// <param name="rows">The rows, in the order they are to appear.</param>
    /// <param name="measureNames">Names of the measure columns (default <c>measure_0</c>, <c>measure_1</c>, …).</param>
    /// <param name="cancellationToken">Cancels the write; the target file is then left as it was.</param>
    public static Task WriteAsync(string path, IReadOnlyList<EvaluatedText> rows, IReadOnlyList<string>? measureNames = null, CancellationToken cancellationToken = default) =>
        WriteAsync(path, rows, measureNames, DefaultRowGroupSize, cancellationToken);

    /// <summary>Reads every row of a file written by <see cref="Write(string, IReadOnlyList{EvaluatedText}, IReadOnlyList{string}?)"/>.</summary>
    /// <exception cref="InvalidDataException">A fixed column is missing or has another type, or a value is invalid.</exception>
    public static List<EvaluatedText> Read(string path) =>
        Task.Run(() => ReadAsync(path, CancellationToken.None)).GetAwaiter().GetResult();

    /// <summary>Names of the measure columns of a file, in order.</summary>
    public static IReadOnlyList<string> ReadMeasureNames(string path) =>
        Task.Run(async () =>
        {
            await using var reader = await ParquetReader.CreateAsync(path).ConfigureAwait(false);
            return (IReadOnlyList<string>)MeasureFields(reader.Schema, path).Select(f => f.Name).ToList();
        }).GetAwaiter().GetResult();

    /// <inheritdoc cref="Read(string)"/>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<List<EvaluatedText>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        var schema = reader.Schema;
        var id = Column(schema, path, "id", typeof(long));
        var step = Column(schema, path, "step", typeof(int));
        var op = Column(schema, path, "operator", typeof(string));
        var parents = ListItem(schema, path, "parent_ids", typeof(long));
        var text = Column(schema, path, "text", typeof(string));
        var status = Column(schema, path, "status", typeof(string));
        var failure = Column(schema, path, "failure", typeof(string));
        var quality = Column(schema, path, "quality", typeof(double));
        var measureFields = MeasureFields(schema, path);
        var cell = Column(schema, path, "cell", typeof(int));
        var annotations = Column(schema, path, "annotations", typeof(string));

        var rows = new List<EvaluatedText>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.OpenRowGroupReader(g);
            int count = checked((int)group.RowCount);
            var ids = await ReadRequired<long>(group, id, count, path, cancellationToken).ConfigureAwait(false);
            var steps = await ReadRequired<int>(group, step, count, path, cancellationToken).ConfigureAwait(false);
            var cells = await ReadRequired<int>(group, cell, count, path, cancellationToken).ConfigureAwait(false);
            var ops = await ReadStrings(group, op, count, cancellationToken).ConfigureAwait(false);
            var texts = await ReadStrings(group, text, count, cancellationToken).ConfigureAwait(false);
            var statuses = await ReadStrings(group, status, count, cancellationToken).ConfigureAwait(false);
            var failures = await ReadStrings(group, failure, count, cancellationToken).ConfigureAwait(false);
            var annotationJson = await ReadStrings(group, annotations, count, cancellationToken).ConfigureAwait(false);
            var qualities = await ReadNullable<double>(group, quality, count, cancellationToken).ConfigureAwait(false);
            var measures = new double?[measureFields.Count][];
            for (int m = 0; m < measureFields.Count; m++)
                measures[m] = await ReadNullable<double>(group, measureFields[m], count, cancellationToken).ConfigureAwait(false);
            var parentLists = await ReadLists(group, parents, count, path, cancellationToken).ConfigureAwait(false);

            for (int i = 0; i < count; i++)
            {
                var rowMeasures = new List<double>();
                for (int m = 0; m < measures.Length && measures[m][i] is double value; m++) rowMeasures.Add(value);
                List<KeyValuePair<string, string>> rowAnnotations;
                try
                {
                    rowAnnotations = annotationJson[i] is { } json ? TextDatasetJsonCodec.AnnotationsFromJson(json) : [];
                }
                catch (FormatException e)
                {
                    throw new InvalidDataException($"{path}, row group {g}, row {i} (id {ids[i]}): {e.Message}", e);
                }
                rows.Add(new EvaluatedText
                {
                    Id = ids[i],
                    Step = steps[i],
                    Operator = ops[i] ?? throw new InvalidDataException($"{path}, row group {g}, row {i} (id {ids[i]}): operator is null."),
                    ParentIds = parentLists[i],
                    Text = texts[i],
                    Status = statuses[i] ?? throw new InvalidDataException($"{path}, row group {g}, row {i} (id {ids[i]}): status is null."),
                    Failure = failures[i],
                    Quality = qualities[i] ?? double.NaN,
                    Measures = rowMeasures,
                    Cell = cells[i],
                    Annotations = rowAnnotations,
                });
            }
        }
        return rows;
    }

    private static async Task WriteAsync(string path, IReadOnlyList<EvaluatedText> rows, IReadOnlyList<string>? measureNames, int rowGroupSize, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        int dim = 0;
        foreach (var row in rows)
        {
            TextDatasetJsonCodec.Validate(row, nameof(rows));
            dim = Math.Max(dim, row.Measures.Count);
        }
        var names = MeasureNames(measureNames, dim);

        var id = new DataField<long>("id", nullable: false);
        var step = new DataField<int>("step", nullable: false);
        var op = new DataField<string>("operator", nullable: false);
        var parentItem = new DataField<long>("element", nullable: false);
        var parents = new ListField("parent_ids", parentItem);
        var text = new DataField<string>("text", nullable: true);
        var status = new DataField<string>("status", nullable: false);
        var failure = new DataField<string>("failure", nullable: true);
        var quality = new DataField<double>("quality", nullable: true);
        var measures = names.Select(n => new DataField<double>(n, nullable: true)).ToArray();
        var cell = new DataField<int>("cell", nullable: false);
        var annotations = new DataField<string>("annotations", nullable: false);
        var schema = new ParquetSchema([id, step, op, parents, text, status, failure, quality, .. measures, cell, annotations]);

        await AtomicFile.WriteAsync(path, async (stream, cancellationToken) =>
        {
            await using (var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                for (int start = 0; start < rows.Count; start += rowGroupSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int count = Math.Min(rowGroupSize, rows.Count - start);
                    var slice = new EvaluatedText[count];
                    for (int i = 0; i < count; i++) slice[i] = rows[start + i];
                    using var group = writer.CreateRowGroup();
                    await group.WriteAsync<long>(id, slice.Select(r => r.Id).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                    await group.WriteAsync<int>(step, slice.Select(r => r.Step).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                    await group.WriteAsync(op, slice.Select(r => r.Operator).ToArray()).ConfigureAwait(false);
                    await WriteParentIds(group, parentItem, slice, cancellationToken).ConfigureAwait(false);
                    await group.WriteAsync(text, slice.Select(r => r.Text).ToArray()).ConfigureAwait(false);
                    await group.WriteAsync(status, slice.Select(r => r.Status).ToArray()).ConfigureAwait(false);
                    await group.WriteAsync(failure, slice.Select(r => r.Failure).ToArray()).ConfigureAwait(false);
                    await group.WriteAsync<double>(quality, slice.Select(r => double.IsNaN(r.Quality) ? (double?)null : r.Quality).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                    for (int m = 0; m < measures.Length; m++)
                    {
                        int d = m;
                        await group.WriteAsync<double>(measures[m], slice.Select(r => d < r.Measures.Count ? r.Measures[d] : (double?)null).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                    }
                    await group.WriteAsync<int>(cell, slice.Select(r => r.Cell).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                    await group.WriteAsync(annotations, slice.Select(r => TextDatasetJsonCodec.AnnotationsToJson(r.Annotations)).ToArray()).ConfigureAwait(false);
                    group.CompleteValidate();
                }
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the lineage lists with explicit levels: repetition 0 starts a row; definition
    /// <c>max</c> is an element, <c>max - 1</c> an empty list.
    /// </summary>
    private static Task WriteParentIds(ParquetRowGroupWriter group, DataField item, EvaluatedText[] rows, CancellationToken cancellationToken)
    {
        int maxDefinition = item.MaxDefinitionLevel;
        var values = new List<long>();
        var definitions = new List<int>();
        var repetitions = new List<int>();
        foreach (var row in rows)
        {
            if (row.ParentIds.Count == 0)
            {
                definitions.Add(maxDefinition - 1);
                repetitions.Add(0);
                continue;
            }
            for (int i = 0; i < row.ParentIds.Count; i++)
            {
                values.Add(row.ParentIds[i]);
                definitions.Add(maxDefinition);
                repetitions.Add(i == 0 ? 0 : 1);
            }
        }
        return group.WriteAllPartsAsync<long>(item, values.ToArray(), definitions.ToArray(), repetitions.ToArray(), cancellationToken);
    }

    private static async Task<List<long>[]> ReadLists(ParquetRowGroupReader group, DataField item, int count, string path, CancellationToken cancellationToken)
    {
        var lists = new List<long>[count];
        using var raw = await group.ReadRawColumnDataBaseAsync(item, cancellationToken).ConfigureAwait(false);
        if (raw is not RawColumnData<long> data) throw new InvalidDataException($"{path}: column 'parent_ids' does not hold 64-bit integers.");
        int maxDefinition = item.MaxDefinitionLevel;
        var definitions = data.DefinitionLevels;
        var repetitions = data.RepetitionLevels;
        var values = data.Values; // the defined values, packed at the front
        int row = -1, next = 0;
        for (int i = 0; i < definitions.Length; i++)
        {
            if (repetitions[i] == 0)
            {
                if (++row >= count) throw new InvalidDataException($"{path}: column 'parent_ids' has more lists than the {count} rows of its row group.");
                lists[row] = [];
            }
            else if (row < 0) throw new InvalidDataException($"{path}: column 'parent_ids' continues a list before starting one.");
            if (definitions[i] == maxDefinition) lists[row].Add(values[next++]);
        }
        if (row != count - 1) throw new InvalidDataException($"{path}: column 'parent_ids' has {row + 1} lists for {count} rows.");
        return lists;
    }

    private static async Task<T[]> ReadRequired<T>(ParquetRowGroupReader group, DataField field, int count, string path, CancellationToken cancellationToken)
        where T : struct
    {
        if (!field.IsNullable)
        {
            var values = new T[count];
            await group.ReadAsync<T>(field, values, cancellationToken: cancellationToken).ConfigureAwait(false);
            return values;
        }
        var nullable = await ReadNullable<T>(group, field, count, cancellationToken).ConfigureAwait(false);
        var result = new T[count];
        for (int i = 0; i < count; i++)
            result[i] = nullable[i] ?? throw new InvalidDataException($"{path}: column '{field.Name}' is null in row {i} of a row group.");
        return result;
    }

    private static async Task<T?[]> ReadNullable<T>(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[count];
        await group.ReadAsync<T>(field, values, cancellationToken: cancellationToken).ConfigureAwait(false);
        return values;
    }

    private static async Task<string?[]> ReadStrings(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        var values = new string?[count];
        await group.ReadAsync(field, values, cancellationToken: cancellationToken).ConfigureAwait(false);
        return values;
    }

    private static DataField Column(ParquetSchema schema, string path, string name, Type type)
    {
        var field = schema.Fields.FirstOrDefault(f => f.Name == name)
            ?? throw new InvalidDataException($"{path} has no column '{name}'.");
        if (field is not DataField data || data.IsArray || !HasType(data, type))
            throw new InvalidDataException($"{path}: column '{name}' should hold {type.Name} values but is {field}.");
        return data;
    }

    private static DataField ListItem(ParquetSchema schema, string path, string name, Type type)
    {
        var field = schema.Fields.FirstOrDefault(f => f.Name == name)
            ?? throw new InvalidDataException($"{path} has no column '{name}'.");
        if (field is not ListField { Item: DataField item } || !HasType(item, type))
            throw new InvalidDataException($"{path}: column '{name}' should be a list of {type.Name} but is {field}.");
        return item;
    }

    private static List<DataField> MeasureFields(ParquetSchema schema, string path)
    {
        var measures = new List<DataField>();
        foreach (var field in schema.Fields)
        {
            if (Array.IndexOf(FixedColumns, field.Name) >= 0) continue;
            if (field is not DataField data || data.IsArray || !HasType(data, typeof(double)))
                throw new InvalidDataException($"{path}: column '{field.Name}' is not a fixed column, so it should be a measure column of doubles, but is {field}.");
            measures.Add(data);
        }
        return measures;
    }

    // Parquet.Net 6 reports string columns as ReadOnlyMemory<char>.
    private static bool HasType(DataField field, Type type) =>
        field.ClrType == type || (type == typeof(string) && field.ClrType == typeof(ReadOnlyMemory<char>));

    private static string[] MeasureNames(IReadOnlyList<string>? names, int dim)
    {
        if (names is null) return Enumerable.Range(0, dim).Select(i => $"measure_{i}").ToArray();
        if (names.Count < dim)
            throw new ArgumentException($"{names.Count} measure names were given but a row has {dim} measures.", "measureNames");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A measure name is empty.", "measureNames");
            if (Array.IndexOf(FixedColumns, name) >= 0) throw new ArgumentException($"Measure name '{name}' clashes with a fixed column.", "measureNames");
            if (!seen.Add(name)) throw new ArgumentException($"Measure name '{name}' is repeated.", "measureNames");
        }
        return names.ToArray();
    }
}
