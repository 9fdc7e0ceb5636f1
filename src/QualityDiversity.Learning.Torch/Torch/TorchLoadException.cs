namespace QualityDiversity.Learning.Torch;

/// <summary>
/// TorchSharp's native libraries could not be loaded. The message names the cause when it can be
/// found (for example a C++ runtime version the system lacks) and how to fix it; the original
/// failure is the inner exception.
/// </summary>
public sealed class TorchLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, why, and the fix.</param>
    /// <param name="libraryPath">The native library that failed to load, when known.</param>
    /// <param name="missingVersions">Symbol versions the library needs that the system's libraries lack.</param>
    /// <param name="innerException">The original load failure.</param>
    public TorchLoadException(string message, string? libraryPath, IReadOnlyList<string> missingVersions, Exception? innerException)
        : base(message, innerException)
    {
        LibraryPath = libraryPath;
        MissingVersions = missingVersions;
    }

    /// <summary>The native library that failed to load, when known.</summary>
    public string? LibraryPath { get; }

    /// <summary>Symbol versions (such as <c>GLIBCXX_3.4.32</c>) that the library needs and the system lacks; empty when none were found.</summary>
    public IReadOnlyList<string> MissingVersions { get; }
}
