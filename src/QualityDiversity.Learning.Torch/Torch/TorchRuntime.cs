using System.Runtime.InteropServices;
using TorchSharp;

namespace QualityDiversity.Learning.Torch;

/// <summary>
/// Loads TorchSharp's native libraries once and, when that fails, explains why: on Linux the
/// usual cause is a libstdc++ older than the one TorchSharp was built against.
/// </summary>
public static class TorchRuntime
{
    /// <summary>File name of TorchSharp's native library on Linux.</summary>
    public const string NativeLibraryFileName = "libLibTorchSharp.so";

    // LibTorch's own library on Linux, which a backend package places beside TorchSharp's.
    private const string LibTorchFileName = "libtorch.so";

    // The one version the build repairs (buildTransitive/QualityDiversity.Learning.Torch.targets); others need a newer C++ runtime.
    private const string RepairableVersion = "GLIBCXX_3.4.32";

    // TorchSharp binds to LibTorch but does not ship it: applications reference one backend package.
    private const string BackendAdvice =
        "TorchSharp needs a LibTorch backend package referenced by the application (a library such as QualityDiversity.Learning.Torch "
        + "references only TorchSharp): TorchSharp-cpu (CPU, every platform), libtorch-cpu-linux-x64, libtorch-cpu-win-x64 or "
        + "libtorch-cpu-osx-arm64 (CPU, one platform), or a CUDA package; its native files are copied next to the application by "
        + "`dotnet build` or `dotnet publish`.";

    private static readonly Lazy<TorchLoadException?> LoadFailure = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the native libraries (once per process) so that torch calls can be made.</summary>
    /// <exception cref="TorchLoadException">The native libraries could not be loaded; the message names the cause and the fix.</exception>
    public static void EnsureLoaded()
    {
        if (LoadFailure.Value is { } failure)
            throw new TorchLoadException(failure.Message, failure.LibraryPath, failure.MissingVersions, failure.InnerException);
    }

    private static TorchLoadException? TryLoad()
    {
        try
        {
            PreloadForHostsWithoutDependencyManifest();
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or BadImageFormatException)
        {
            return Explain(e);
        }
    }

    /// <summary>
    /// Turns a failure to load TorchSharp into a <see cref="TorchLoadException"/> whose message names
    /// the cause and the fix: on Linux it inspects the native library's symbol-version needs against
    /// the C++ and C runtimes the loader would use.
    /// </summary>
    /// <param name="loadFailure">The exception TorchSharp threw (kept as the inner exception).</param>
    /// <param name="libraryPath">The native library to inspect; when null, TorchSharp's library beside the application.</param>
    public static TorchLoadException Explain(Exception loadFailure, string? libraryPath = null)
    {
        ArgumentNullException.ThrowIfNull(loadFailure);
        string? library = libraryPath ?? (OperatingSystem.IsLinux() ? FindNativeLibrary() : null);
        if (library is null)
        {
            return new TorchLoadException(
                "TorchSharp's native libraries could not be loaded (" + Innermost(loadFailure).Message.Split('\n')[0].Trim() + "). "
                + BackendAdvice,
                null, [], loadFailure);
        }

        IReadOnlyList<string> missing;
        try
        {
            missing = FindMissingVersions(library);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            missing = [];
        }
        string loader = LoaderMessage(library);

        if (missing.Count == 0)
        {
            bool backend = File.Exists(Path.Combine(Path.GetDirectoryName(library) ?? ".", LibTorchFileName));
            return new TorchLoadException(
                $"TorchSharp's native library {library} could not be loaded"
                + (loader.Length > 0 ? $": {loader}" : ".")
                + (backend
                    ? " Check that all of LibTorch's native files (libtorch*.so, libc10.so) sit beside it and that the system meets LibTorch's requirements."
                    : $" No {LibTorchFileName} sits beside it. " + BackendAdvice),
                library, missing, loadFailure);
        }

        string provider = ElfSymbolVersions.FindSharedLibrary(ElfSymbolVersions.LibStdCxx) ?? ElfSymbolVersions.LibStdCxx;
        string fix = missing.All(v => v == RepairableVersion)
            ? "Fix: rebuild the application (`dotnet build`, `dotnet run`, `dotnet test` or `dotnet publish`) with the repair of "
              + "QualityDiversity.Learning.Torch.targets, which marks that one version need weak in the copy of the library in the "
              + "output folder (safe: no function under it is called; the NuGet cache is left alone). That repair runs by itself in "
              + "every project that references the QualityDiversity.Learning.Torch package (its buildTransitive targets) and in every "
              + "project of the QualityDiversity repository; a project elsewhere that references QualityDiversity.Learning.Torch.csproj "
              + "by path must import src/QualityDiversity.Learning.Torch/buildTransitive/QualityDiversity.Learning.Torch.targets; "
              + "and TorchSharpNativeFixup=false turns it off. Alternatively install libstdc++ from GCC 13 or newer, "
              + "or point LD_LIBRARY_PATH at a directory that holds one."
            : "Fix: install a newer C++ runtime (libstdc++ from GCC 13 or newer) or point LD_LIBRARY_PATH at a directory that holds one.";
        return new TorchLoadException(
            $"TorchSharp's native library {library} could not be loaded: it needs {string.Join(", ", missing)}, "
            + $"which the system's {provider} does not provide{HighestVersionNote(provider, missing)}. {fix}"
            + (loader.Length > 0 ? $" (Loader message: {loader})" : ""),
            library, missing, loadFailure);
    }

    /// <summary>
    /// Lists the symbol versions that the ELF library at <paramref name="libraryPath"/> needs (strongly,
    /// that is not marked weak) and that the matching libraries the loader would use do not define.
    /// Dependencies that cannot be found are skipped.
    /// </summary>
    /// <exception cref="InvalidDataException">The library is not a 64-bit little-endian ELF file.</exception>
    /// <exception cref="IOException">A file could not be read.</exception>
    public static IReadOnlyList<string> FindMissingVersions(string libraryPath)
    {
        ArgumentNullException.ThrowIfNull(libraryPath);
        var missing = new List<string>();
        var definitions = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        foreach (var need in ElfSymbolVersions.ReadNeeds(File.ReadAllBytes(libraryPath)))
        {
            if (need.IsWeak) continue;
            if (!definitions.TryGetValue(need.File, out var defined))
            {
                string? provider = ElfSymbolVersions.FindSharedLibrary(need.File);
                defined = provider is null ? null : [.. ElfSymbolVersions.ReadDefinitions(File.ReadAllBytes(provider))];
                definitions[need.File] = defined;
            }
            if (defined is not null && !defined.Contains(need.Name)) missing.Add(need.Name);
        }
        return missing;
    }

    // A host that loads these assemblies by path (a notebook kernel, a script runner, a plug-in host)
    // has no dependency manifest naming the native files under runtimes/RID/native, so TorchSharp
    // would not find them and would refuse to start. Loading them by full path first makes the
    // later loads by name resolve to the already-loaded libraries. Applications whose manifest
    // lists the directory are left to the runtime.
    private static void PreloadForHostsWithoutDependencyManifest()
    {
        if (!OperatingSystem.IsLinux() || FindNativeLibrary() is not { } library) return;
        string directory = Path.GetDirectoryName(library)!;
        string searched = AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "";
        if (searched.Split(Path.PathSeparator).Any(d => d.Length > 0 && Path.GetFullPath(d).TrimEnd('/') == directory.TrimEnd('/'))) return;
        string libTorch = Path.Combine(directory, LibTorchFileName);
        if (File.Exists(libTorch)) NativeLibrary.TryLoad(libTorch, out _);
        NativeLibrary.TryLoad(library, out _);
    }

    private static string? FindNativeLibrary()
    {
        var directories = new List<string> { AppContext.BaseDirectory };
        string? torchSharpDirectory = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchSharpDirectory) && torchSharpDirectory != AppContext.BaseDirectory) directories.Add(torchSharpDirectory);
        foreach (string directory in directories)
        {
            foreach (string candidate in new[]
            {
                Path.Combine(directory, NativeLibraryFileName),
                Path.Combine(directory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", NativeLibraryFileName),
                Path.Combine(directory, "runtimes", "linux-x64", "native", NativeLibraryFileName),
            })
            {
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    // The dynamic loader's own explanation (for example "version `GLIBCXX_3.4.32' not found").
    private static string LoaderMessage(string library)
    {
        try
        {
            if (NativeLibrary.TryLoad(library, out var handle))
            {
                NativeLibrary.Free(handle);
                return "";
            }
            NativeLibrary.Load(library);
            return "";
        }
        catch (DllNotFoundException e)
        {
            return e.Message.Trim();
        }
        catch (BadImageFormatException e)
        {
            return e.Message.Trim();
        }
    }

    private static string HighestVersionNote(string provider, IReadOnlyList<string> missing)
    {
        int underscore = missing[0].IndexOf('_');
        if (underscore <= 0 || !File.Exists(provider)) return "";
        string prefix = missing[0][..(underscore + 1)];
        try
        {
            var highest = ElfSymbolVersions.ReadDefinitions(File.ReadAllBytes(provider))
                .Where(v => v.StartsWith(prefix, StringComparison.Ordinal) && System.Version.TryParse(v[prefix.Length..], out _))
                .MaxBy(v => System.Version.Parse(v[prefix.Length..]));
            return highest is null ? "" : $" (its newest is {highest})";
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
