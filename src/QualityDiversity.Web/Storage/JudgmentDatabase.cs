using System.Globalization;
using Microsoft.Data.Sqlite;
using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Web.Raters;

namespace QualityDiversity.Web.Storage;

/// <summary>
/// <c>judgments.db</c>: one SQLite row per judgment of the run (WAL mode), with the rater, when
/// the triplet was asked and answered, its key (<see cref="TripletKey"/>) and the answer, for
/// queries the JSON Lines file is awkward for. Row <c>line</c> is the judgment's 0-based line in
/// <c>judgments.jsonl</c>, which stays the record a run resumes and replays from: each answer is
/// appended there first and inserted here next, and opening the database brings it in step with
/// the file (rows the file does not have are dropped, lines the database lacks are inserted
/// without an asked time).
/// </summary>
/// <remarks>
/// Table <c>gold_answers</c> keeps the raters' answers to gold (attention-check) triplets, which
/// are no judgments of the run and never enter judgments.jsonl. Thread-safe.
/// </remarks>
internal sealed class JudgmentDatabase : IDisposable
{
    /// <summary>The database's file name in a run directory.</summary>
    public const string FileName = "judgments.db";

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private long _nextLine;

    private JudgmentDatabase(SqliteConnection connection, long nextLine)
    {
        _connection = connection;
        _nextLine = nextLine;
    }

    /// <summary>Rows in the database.</summary>
    public long Count => _nextLine;

    /// <summary>Opens (creating it if needed) the database at <paramref name="path"/> and brings it in step with <paramref name="file"/>, the judgments in judgments.jsonl.</summary>
    public static JudgmentDatabase Open(string path, IReadOnlyList<Judgment> file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(file);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS judgments (
                    line INTEGER PRIMARY KEY,
                    triplet TEXT NOT NULL,
                    rater TEXT NOT NULL,
                    judge_kind TEXT NOT NULL,
                    asked_at TEXT,
                    answered_at TEXT NOT NULL,
                    answer TEXT NOT NULL CHECK (answer IN ('A', 'B'))
                );
                CREATE TABLE IF NOT EXISTS gold_answers (
                    rater TEXT NOT NULL,
                    triplet TEXT NOT NULL,
                    answered_at TEXT NOT NULL,
                    answer TEXT CHECK (answer IN ('A', 'B')),
                    correct INTEGER NOT NULL,
                    PRIMARY KEY (rater, triplet)
                );
                """);
            var database = new JudgmentDatabase(connection, 0);
            database.SyncWith(file);
            return database;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Appends the row of an answer given through the judging queue (already appended to judgments.jsonl).</summary>
    public void Insert(JudgingQueueAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        lock (_gate)
        {
            Insert(_nextLine, answer.Judgment, answer.Pending.AskedAt);
            _nextLine++;
        }
    }

    /// <summary>Keeps a rater's answer to a gold triplet (a skip has a null answer).</summary>
    public void InsertGold(GoldAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT INTO gold_answers (rater, triplet, answered_at, answer, correct)
                VALUES ($rater, $triplet, $answered, $answer, $correct);
                """;
            command.Parameters.AddWithValue("$rater", answer.Rater);
            command.Parameters.AddWithValue("$triplet", answer.Key);
            command.Parameters.AddWithValue("$answered", Timestamp(answer.AnsweredAt));
            command.Parameters.AddWithValue("$answer", answer.Answer switch { TripletAnswer.A => "A", TripletAnswer.B => "B", _ => DBNull.Value });
            command.Parameters.AddWithValue("$correct", answer.Correct ? 1 : 0);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The gold answers kept, in the order given.</summary>
    public IReadOnlyList<GoldAnswer> ReadGold()
    {
        lock (_gate) return ReadGold(_connection);
    }

    /// <summary>The gold answers kept in the database at <paramref name="path"/>, opened read-only (none when it does not exist or keeps none).</summary>
    public static IReadOnlyList<GoldAnswer> ReadGold(string path)
    {
        if (!File.Exists(path)) return [];
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using (var exists = connection.CreateCommand())
        {
            exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'gold_answers';";
            if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) return [];
        }
        return ReadGold(connection);
    }

    private static List<GoldAnswer> ReadGold(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rater, triplet, answered_at, answer, correct FROM gold_answers ORDER BY rowid;";
        using var reader = command.ExecuteReader();
        var answers = new List<GoldAnswer>();
        while (reader.Read())
        {
            TripletAnswer? given = reader.IsDBNull(3) ? null : reader.GetString(3) == "A" ? TripletAnswer.A : TripletAnswer.B;
            answers.Add(new GoldAnswer(reader.GetString(0), reader.GetString(1),
                given, reader.GetInt64(4) != 0, DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture)));
        }
        return answers;
    }

    /// <summary>The rows, in line order: (line, triplet key, rater, asked at or null, answered at, answer).</summary>
    public IReadOnlyList<(long Line, string Triplet, string Rater, string? AskedAt, string AnsweredAt, string Answer)> ReadAll()
    {
        lock (_gate) return ReadAllLocked();
    }

    private List<(long Line, string Triplet, string Rater, string? AskedAt, string AnsweredAt, string Answer)> ReadAllLocked()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT line, triplet, rater, asked_at, answered_at, answer FROM judgments ORDER BY line;";
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string, string, string?, string, string)>();
        while (reader.Read())
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        return rows;
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private void SyncWith(IReadOnlyList<Judgment> file)
    {
        using var transaction = _connection.BeginTransaction();
        // Rows past the file's end, or whose question differs from the file's line, are not the file's: drop from the first such row.
        long keep = 0;
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT line, triplet FROM judgments ORDER BY line;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                long line = reader.GetInt64(0);
                if (line != keep || line >= file.Count || reader.GetString(1) != TripletKey.Of(file[(int)line])) break;
                keep++;
            }
        }
        using (var delete = _connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM judgments WHERE line >= $keep;";
            delete.Parameters.AddWithValue("$keep", keep);
            delete.ExecuteNonQuery();
        }
        for (long line = keep; line < file.Count; line++) Insert(line, file[(int)line], askedAt: null);
        transaction.Commit();
        _nextLine = file.Count;
    }

    private void Insert(long line, Judgment judgment, DateTimeOffset? askedAt)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            INSERT INTO judgments (line, triplet, rater, judge_kind, asked_at, answered_at, answer)
            VALUES ($line, $triplet, $rater, $kind, $asked, $answered, $answer);
            """;
        command.Parameters.AddWithValue("$line", line);
        command.Parameters.AddWithValue("$triplet", TripletKey.Of(judgment));
        command.Parameters.AddWithValue("$rater", judgment.JudgeName);
        command.Parameters.AddWithValue("$kind", judgment.JudgeKind.ToString());
        command.Parameters.AddWithValue("$asked", askedAt is { } at ? Timestamp(at) : DBNull.Value);
        command.Parameters.AddWithValue("$answered", Timestamp(judgment.AnsweredAt));
        command.Parameters.AddWithValue("$answer", judgment.Answer == TripletAnswer.A ? "A" : "B");
        command.ExecuteNonQuery();
    }

    private static string Timestamp(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
