using QualityDiversity.Learning.Torch;
using static QualityDiversity.Learning.Torch.Tests.Runtime.TinyElf;

namespace QualityDiversity.Learning.Torch.Tests.Runtime;

public class ElfSymbolVersionsTests
{
    private static byte[] TorchLike() => Build(
        [
            new Dependency("libc.so.6", new Need("GLIBC_2.2.5", 0, "malloc")),
            new Dependency("libstdc++.so.6",
                new Need("GLIBCXX_3.4"),
                new Need("GLIBCXX_3.4.32", 0, "_ZSt21ios_base_library_initv"),
                new Need("CXXABI_1.3", 0, "__cxa_throw", "__cxa_begin_catch")),
        ],
        ["libLibTorchSharp.so", "LIBTORCHSHARP_1"]);

    [Fact]
    public void Reads_every_need_with_its_file_flags_and_bound_symbols()
    {
        var needs = ElfSymbolVersions.ReadNeeds(TorchLike());

        Assert.Equal(["libc.so.6: GLIBC_2.2.5", "libstdc++.so.6: GLIBCXX_3.4", "libstdc++.so.6: GLIBCXX_3.4.32", "libstdc++.so.6: CXXABI_1.3"],
            needs.Select(n => n.ToString()));
        Assert.All(needs, n => Assert.False(n.IsWeak));
        var glibcxx32 = needs.Single(n => n.Name == "GLIBCXX_3.4.32");
        Assert.Equal(["_ZSt21ios_base_library_initv"], glibcxx32.Symbols);
        Assert.Equal(["__cxa_throw", "__cxa_begin_catch"], needs.Single(n => n.Name == "CXXABI_1.3").Symbols);
        Assert.Empty(needs.Single(n => n.Name == "GLIBCXX_3.4").Symbols);
    }

    [Fact]
    public void Reads_version_definitions()
    {
        Assert.Equal(["libLibTorchSharp.so", "LIBTORCHSHARP_1"], ElfSymbolVersions.ReadDefinitions(TorchLike()));
        Assert.Empty(ElfSymbolVersions.ReadDefinitions(Build([new Dependency("libc.so.6", new Need("GLIBC_2.2.5"))])));
    }

    [Fact]
    public void Marking_weak_changes_exactly_that_flag_and_is_idempotent()
    {
        var original = TorchLike();
        var image = (byte[])original.Clone();

        Assert.True(ElfSymbolVersions.MarkWeak(image, "GLIBCXX_3.4.32"));
        var changed = Enumerable.Range(0, image.Length).Where(i => image[i] != original[i]).ToArray();
        long flagsOffset = ElfSymbolVersions.ReadNeeds(original).Single(n => n.Name == "GLIBCXX_3.4.32").FlagsOffset;
        Assert.Equal([(int)flagsOffset], changed);
        Assert.Equal(ElfSymbolVersions.WeakFlag, image[flagsOffset]);

        var needs = ElfSymbolVersions.ReadNeeds(image);
        Assert.True(needs.Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak);
        Assert.All(needs.Where(n => n.Name != "GLIBCXX_3.4.32"), n => Assert.False(n.IsWeak));

        var once = (byte[])image.Clone();
        Assert.False(ElfSymbolVersions.MarkWeak(image, "GLIBCXX_3.4.32"));
        Assert.Equal(once, image);
        Assert.False(ElfSymbolVersions.MarkWeak(image, "GLIBCXX_9.9"));
        Assert.Equal(once, image);
    }

    [Fact]
    public void Other_flag_bits_are_kept()
    {
        var image = Build([new Dependency("libstdc++.so.6", new Need("GLIBCXX_3.4.32", Flags: 0x1))]);
        Assert.True(ElfSymbolVersions.MarkWeak(image, "GLIBCXX_3.4.32"));
        Assert.Equal(0x3, ElfSymbolVersions.ReadNeeds(image).Single().Flags);
    }

    [Fact]
    public void Malformed_images_are_rejected()
    {
        Assert.Throws<InvalidDataException>(() => ElfSymbolVersions.ReadNeeds(new byte[100]));
        var image = TorchLike();

        var elf32 = (byte[])image.Clone();
        elf32[4] = 1;
        Assert.Contains("64-bit", Assert.Throws<InvalidDataException>(() => ElfSymbolVersions.ReadNeeds(elf32)).Message);

        var bigEndian = (byte[])image.Clone();
        bigEndian[5] = 2;
        Assert.Contains("little-endian", Assert.Throws<InvalidDataException>(() => ElfSymbolVersions.ReadNeeds(bigEndian)).Message);

        // Cutting the file cuts off the section header table at its end.
        Assert.Throws<InvalidDataException>(() => ElfSymbolVersions.ReadNeeds(image[..(image.Length - 10)]));

        // A need whose next-entry offset points past its section.
        var runaway = (byte[])image.Clone();
        long firstAux = ElfSymbolVersions.ReadNeeds(image).First(n => n.Name == "GLIBCXX_3.4").FlagsOffset - 4;
        BitConverter.TryWriteBytes(runaway.AsSpan((int)firstAux + 12), 4096u);
        Assert.Throws<InvalidDataException>(() => ElfSymbolVersions.ReadNeeds(runaway));
    }

    [Fact]
    public void Patching_a_file_replaces_it_and_leaves_a_hard_linked_original_alone()
    {
        string directory = Directory.CreateTempSubdirectory("elf-patch-").FullName;
        try
        {
            string original = Path.Combine(directory, "cache.so");
            string output = Path.Combine(directory, "output.so");
            var bytes = TorchLike();
            File.WriteAllBytes(original, bytes);
            var stamp = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(original, stamp);
            if (OperatingSystem.IsWindows()) File.Copy(original, output);
            else
            {
                HardLink(original, output);
                File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
            }

            Assert.True(ElfSymbolVersions.MarkWeakInFile(output, "GLIBCXX_3.4.32"));

            Assert.Equal(bytes, File.ReadAllBytes(original));
            Assert.True(ElfSymbolVersions.ReadNeeds(File.ReadAllBytes(output)).Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak);
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(output));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead, File.GetUnixFileMode(output));

            var patched = File.ReadAllBytes(output);
            Assert.False(ElfSymbolVersions.MarkWeakInFile(output, "GLIBCXX_3.4.32"));
            Assert.Equal(patched, File.ReadAllBytes(output));
            Assert.Equal(["cache.so", "output.so"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int LinkNative(string existing, string created);

    private static void HardLink(string existing, string created)
    {
        if (LinkNative(existing, created) != 0)
            throw new IOException($"link failed with errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
    }
}
