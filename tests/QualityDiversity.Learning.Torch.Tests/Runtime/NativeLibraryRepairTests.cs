using System.Text;
using System.Text.RegularExpressions;
using QualityDiversity.Learning.Torch;

namespace QualityDiversity.Learning.Torch.Tests.Runtime;

/// <summary>
/// Checks, on Linux, the native library the build copied next to these tests: its one libstdc++
/// version need beyond older distributions is weak exactly when the system's libstdc++ lacks it.
/// </summary>
public class NativeLibraryRepairTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string OutputLibrary =>
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", TorchRuntime.NativeLibraryFileName);

    private static string SystemLibStdCxx =>
        ElfSymbolVersions.FindSharedLibrary(ElfSymbolVersions.LibStdCxx) ?? throw new InvalidOperationException("no libstdc++.so.6 found");

    private static bool SystemHasVersion => ElfSymbolVersions.ReadDefinitions(File.ReadAllBytes(SystemLibStdCxx)).Contains(Version);

    [Fact]
    public void System_libstdcxx_definitions_match_the_version_names_in_its_string_table()
    {
        if (!OperatingSystem.IsLinux()) return;
        var bytes = File.ReadAllBytes(SystemLibStdCxx);
        var names = Encoding.ASCII.GetString(bytes).Split('\0')
            .Where(s => Regex.IsMatch(s, @"^GLIBCXX_\d+(\.\d+)+$"))
            .ToHashSet();
        var defined = ElfSymbolVersions.ReadDefinitions(bytes).Where(s => s.StartsWith("GLIBCXX_", StringComparison.Ordinal)).ToHashSet();
        Assert.Contains("GLIBCXX_3.4", defined);
        Assert.Equal(names.Order(), defined.Order());
    }

    [Fact]
    public void Output_copy_has_the_version_need_weak_exactly_when_the_system_lacks_it()
    {
        if (!OperatingSystem.IsLinux()) return;
        var need = ElfSymbolVersions.ReadNeeds(File.ReadAllBytes(OutputLibrary)).Single(n => n.Name == Version);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.Equal(["_ZSt21ios_base_library_initv"], need.Symbols);
        Assert.Equal(!SystemHasVersion, need.IsWeak);
        Assert.Empty(TorchRuntime.FindMissingVersions(OutputLibrary));
    }

    [Fact]
    public void An_unrepaired_copy_is_explained_with_the_missing_version_and_the_fix()
    {
        if (!OperatingSystem.IsLinux()) return;
        string directory = Directory.CreateTempSubdirectory("torch-native-").FullName;
        try
        {
            string copy = Path.Combine(directory, TorchRuntime.NativeLibraryFileName);
            var bytes = File.ReadAllBytes(OutputLibrary);
            long flags = ElfSymbolVersions.ReadNeeds(bytes).Single(n => n.Name == Version).FlagsOffset;
            bytes[flags] &= unchecked((byte)~ElfSymbolVersions.WeakFlag);
            File.WriteAllBytes(copy, bytes);

            var failure = new TypeInitializationException("TorchSharp.torch", new NotSupportedException("native load failed"));
            var explained = TorchRuntime.Explain(failure, copy);

            Assert.Same(failure, explained.InnerException);
            Assert.Equal(copy, explained.LibraryPath);
            if (SystemHasVersion)
            {
                Assert.Empty(explained.MissingVersions);
            }
            else
            {
                Assert.Equal([Version], explained.MissingVersions);
                Assert.Contains($"needs {Version}", explained.Message);
                Assert.Contains("QualityDiversity.Learning.Torch.targets", explained.Message);
                Assert.Contains("GCC 13", explained.Message);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
