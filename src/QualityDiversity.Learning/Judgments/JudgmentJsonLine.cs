using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace QualityDiversity.Learning.Judgments;

/// <summary>
/// The JSON Lines encoding of one judgment:
/// <c>{"reference":{"features":[..],"solution":[..],"text":".."},"a":{..},"b":{..},"answer":"A",
/// "judgeKind":"Human","judgeName":"ana","answeredAt":"2026-01-02T03:04:05+00:00"}</c>.
/// </summary>
/// <remarks>
/// Finite doubles are written in shortest round-trip form, so every bit (including the sign of
/// -0.0) survives; NaN and the infinities are written as the strings "NaN", "Infinity" and
/// "-Infinity". A null solution or text is omitted, an empty solution is written as []. The
/// timestamp is ISO 8601 with its offset and up to seven fractional digits (whole ticks).
/// Unknown properties are ignored on read so that later versions can add fields.
/// </remarks>
internal static class JudgmentJsonLine
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keeps people's text readable in the file; the file is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 8,
    };

    /// <summary>Creates a writer for <see cref="Write"/> over <paramref name="output"/>.</summary>
    public static Utf8JsonWriter CreateWriter(IBufferWriter<byte> output) => new(output, WriterOptions);

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="judgment"/> cannot be written.</summary>
    public static void Validate(Judgment judgment, string paramName)
    {
        if (judgment is null) throw new ArgumentNullException(paramName);
        ValidateItem(judgment.Reference, "Reference", paramName);
        ValidateItem(judgment.A, "A", paramName);
        ValidateItem(judgment.B, "B", paramName);
        if (judgment.Answer is not (TripletAnswer.A or TripletAnswer.B))
            throw new ArgumentException($"Judgment answer {(int)judgment.Answer} is not A or B.", paramName);
        if (!Enum.IsDefined(judgment.JudgeKind))
            throw new ArgumentException($"Judgment judge kind {(int)judgment.JudgeKind} is not a defined JudgeKind.", paramName);
        if (judgment.JudgeName is null)
            throw new ArgumentException("Judgment judge name is null.", paramName);
    }

    private static void ValidateItem(JudgedItem? item, string which, string paramName)
    {
        if (item is null) throw new ArgumentException($"Judgment item {which} is null.", paramName);
        if (item.Features is null) throw new ArgumentException($"Judgment item {which} has null features.", paramName);
    }

    /// <summary>Writes <paramref name="judgment"/> as one JSON object (no newline).</summary>
    public static void Write(Utf8JsonWriter writer, Judgment judgment)
    {
        writer.WriteStartObject();
        WriteItem(writer, "reference"u8, judgment.Reference);
        WriteItem(writer, "a"u8, judgment.A);
        WriteItem(writer, "b"u8, judgment.B);
        writer.WriteString("answer"u8, judgment.Answer == TripletAnswer.A ? "A"u8 : "B"u8);
        writer.WriteString("judgeKind"u8, KindName(judgment.JudgeKind));
        writer.WriteString("judgeName"u8, judgment.JudgeName);
        writer.WriteString("answeredAt"u8, judgment.AnsweredAt);
        writer.WriteEndObject();
    }

    private static void WriteItem(Utf8JsonWriter writer, ReadOnlySpan<byte> name, JudgedItem item)
    {
        writer.WriteStartObject(name);
        writer.WritePropertyName("features"u8);
        WriteDoubles(writer, item.Features);
        if (item.Solution is not null)
        {
            writer.WritePropertyName("solution"u8);
            WriteDoubles(writer, item.Solution);
        }
        if (item.Text is not null) writer.WriteString("text"u8, item.Text);
        writer.WriteEndObject();
    }

    private static void WriteDoubles(Utf8JsonWriter writer, double[] values)
    {
        writer.WriteStartArray();
        foreach (double value in values)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else if (double.IsNaN(value)) writer.WriteStringValue("NaN"u8);
            else writer.WriteStringValue(value > 0 ? "Infinity"u8 : "-Infinity"u8);
        }
        writer.WriteEndArray();
    }

    private static ReadOnlySpan<byte> KindName(JudgeKind kind) => kind switch
    {
        JudgeKind.Simulated => "Simulated"u8,
        JudgeKind.Human => "Human"u8,
        JudgeKind.Llm => "Llm"u8,
        JudgeKind.Recorded => "Recorded"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a defined JudgeKind."),
    };

    /// <summary>Parses one line (without its newline).</summary>
    /// <param name="line">The UTF-8 bytes of the line.</param>
    /// <param name="scratch">A reusable buffer for number arrays.</param>
    /// <exception cref="FormatException">The line is not a valid judgment; the message says why.</exception>
    public static Judgment Parse(ReadOnlySpan<byte> line, List<double> scratch)
    {
        try
        {
            var reader = new Utf8JsonReader(line, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException("expected a JSON object");

            JudgedItem? reference = null, a = null, b = null;
            TripletAnswer? answer = null;
            JudgeKind? kind = null;
            string? judgeName = null;
            DateTimeOffset? answeredAt = null;

            while (true)
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.ValueTextEquals("reference"u8)) reference = ReadItem(ref reader, reference, "reference", scratch);
                else if (reader.ValueTextEquals("a"u8)) a = ReadItem(ref reader, a, "a", scratch);
                else if (reader.ValueTextEquals("b"u8)) b = ReadItem(ref reader, b, "b", scratch);
                else if (reader.ValueTextEquals("answer"u8))
                {
                    EnsureFirst(answer is null, "answer");
                    ReadValue(ref reader, JsonTokenType.String, "answer");
                    if (reader.ValueTextEquals("A"u8)) answer = TripletAnswer.A;
                    else if (reader.ValueTextEquals("B"u8)) answer = TripletAnswer.B;
                    else throw new FormatException($"'answer' must be \"A\" or \"B\", found \"{reader.GetString()}\"");
                }
                else if (reader.ValueTextEquals("judgeKind"u8))
                {
                    EnsureFirst(kind is null, "judgeKind");
                    ReadValue(ref reader, JsonTokenType.String, "judgeKind");
                    kind = ParseKind(reader.GetString()!);
                }
                else if (reader.ValueTextEquals("judgeName"u8))
                {
                    EnsureFirst(judgeName is null, "judgeName");
                    ReadValue(ref reader, JsonTokenType.String, "judgeName");
                    judgeName = reader.GetString()!;
                }
                else if (reader.ValueTextEquals("answeredAt"u8))
                {
                    EnsureFirst(answeredAt is null, "answeredAt");
                    ReadValue(ref reader, JsonTokenType.String, "answeredAt");
                    if (!reader.TryGetDateTimeOffset(out DateTimeOffset at))
                        throw new FormatException($"'answeredAt' is not an ISO 8601 timestamp: \"{reader.GetString()}\"");
                    answeredAt = at;
                }
                else
                {
                    Next(ref reader);
                    reader.Skip();
                }
            }
            if (reader.Read()) throw new FormatException("unexpected content after the judgment object");

            return new Judgment(
                reference ?? throw Missing("reference"),
                a ?? throw Missing("a"),
                b ?? throw Missing("b"),
                answer ?? throw Missing("answer"),
                kind ?? throw Missing("judgeKind"),
                judgeName ?? throw Missing("judgeName"),
                answeredAt ?? throw Missing("answeredAt"));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"invalid JSON: {TrimReaderPosition(ex.Message)} (byte {ex.BytePositionInLine + 1})", ex);
        }
    }

    private static JudgedItem ReadItem(ref Utf8JsonReader reader, JudgedItem? previous, string name, List<double> scratch)
    {
        EnsureFirst(previous is null, name);
        ReadValue(ref reader, JsonTokenType.StartObject, name);
        double[]? features = null, solution = null;
        string? text = null;
        bool sawSolution = false, sawText = false;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.ValueTextEquals("features"u8))
            {
                EnsureFirst(features is null, $"{name}.features");
                Next(ref reader);
                features = ReadDoubles(ref reader, $"{name}.features", scratch);
            }
            else if (reader.ValueTextEquals("solution"u8))
            {
                EnsureFirst(!sawSolution, $"{name}.solution");
                sawSolution = true;
                Next(ref reader);
                solution = reader.TokenType == JsonTokenType.Null ? null : ReadDoubles(ref reader, $"{name}.solution", scratch);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                EnsureFirst(!sawText, $"{name}.text");
                sawText = true;
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.Null) text = null;
                else if (reader.TokenType == JsonTokenType.String) text = reader.GetString();
                else throw new FormatException($"'{name}.text' must be a string or null, found {Describe(reader.TokenType)}");
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
        return new JudgedItem(features ?? throw Missing($"{name}.features"), solution, text);
    }

    private static double[] ReadDoubles(ref Utf8JsonReader reader, string name, List<double> scratch)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new FormatException($"'{name}' must be an array of numbers, found {Describe(reader.TokenType)}");
        scratch.Clear();
        while (true)
        {
            Next(ref reader);
            switch (reader.TokenType)
            {
                case JsonTokenType.EndArray:
                    return scratch.ToArray();
                case JsonTokenType.Number:
                    if (!reader.TryGetDouble(out double value) || !double.IsFinite(value))
                        throw new FormatException($"'{name}'[{scratch.Count}] is out of the range of a double");
                    scratch.Add(value);
                    break;
                case JsonTokenType.String when reader.ValueTextEquals("NaN"u8):
                    scratch.Add(double.NaN);
                    break;
                case JsonTokenType.String when reader.ValueTextEquals("Infinity"u8):
                    scratch.Add(double.PositiveInfinity);
                    break;
                case JsonTokenType.String when reader.ValueTextEquals("-Infinity"u8):
                    scratch.Add(double.NegativeInfinity);
                    break;
                default:
                    throw new FormatException($"'{name}'[{scratch.Count}] must be a number (or \"NaN\", \"Infinity\", \"-Infinity\"), found {Describe(reader.TokenType)}");
            }
        }
    }

    private static void ReadValue(ref Utf8JsonReader reader, JsonTokenType expected, string name)
    {
        Next(ref reader);
        if (reader.TokenType != expected)
            throw new FormatException($"'{name}' must be {Describe(expected)}, found {Describe(reader.TokenType)}");
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new FormatException("the line ends before the judgment is complete");
    }

    private static JudgeKind ParseKind(string value) => value switch
    {
        "Simulated" => JudgeKind.Simulated,
        "Human" => JudgeKind.Human,
        "Llm" => JudgeKind.Llm,
        "Recorded" => JudgeKind.Recorded,
        _ => throw new FormatException($"'judgeKind' must be \"Simulated\", \"Human\", \"Llm\" or \"Recorded\", found \"{value}\""),
    };

    private static void EnsureFirst(bool first, string name)
    {
        if (!first) throw new FormatException($"duplicate property '{name}'");
    }

    private static FormatException Missing(string name) => new($"missing property '{name}'");

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    // The reader's message ends with its own "LineNumber: 0 | BytePositionInLine: n." which would
    // contradict the file line number the caller reports.
    private static string TrimReaderPosition(string message)
    {
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at >= 0 ? message[..at].TrimEnd() : message;
    }
}
