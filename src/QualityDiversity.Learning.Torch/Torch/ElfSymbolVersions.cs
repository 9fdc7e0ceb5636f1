#nullable enable
// This file is compiled twice: into QualityDiversity.Learning.Torch (which uses it to explain native
// load failures) and, by buildTransitive/QualityDiversity.Learning.Torch.targets (in the package, this
// file sits beside it), as an MSBuild inline task that repairs the copied native library during the build. The inline task factory compiles against .NET Standard 2.0 and
// defines no symbols, hence plain arrays instead of spans and the `#if !NET` block at the end.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace QualityDiversity.Learning.Torch;

/// <summary>
/// Reads and edits the GNU symbol-versioning tables of 64-bit little-endian ELF shared libraries:
/// the versions a library needs from its dependencies (<c>.gnu.version_r</c>) and the versions a
/// library defines (<c>.gnu.version_d</c>).
/// </summary>
/// <remarks>
/// TorchSharp's Linux native library is linked against GCC 13's libstdc++ and so needs the version
/// <c>GLIBCXX_3.4.32</c>, which older distributions (for example Debian 12, up to
/// <c>GLIBCXX_3.4.30</c>) lack, although the one symbol bound to it is only referenced, never called.
/// Marking that version need weak (<see cref="WeakFlag"/>) lets the dynamic loader accept the library.
/// </remarks>
public static class ElfSymbolVersions
{
    /// <summary>The <c>VER_FLG_WEAK</c> bit of a version need's flags: a missing version is not a load error.</summary>
    public const ushort WeakFlag = 0x2;

    /// <summary>Default file name of the C++ runtime that TorchSharp's native library links to.</summary>
    public const string LibStdCxx = "libstdc++.so.6";

    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;

    /// <summary>One version that a library needs from one of its dependencies.</summary>
    public sealed class VersionNeed
    {
        internal VersionNeed(string file, string name, ushort flags, ushort index, long flagsOffset, IReadOnlyList<string> symbols)
        {
            File = file;
            Name = name;
            Flags = flags;
            Index = index;
            FlagsOffset = flagsOffset;
            Symbols = symbols;
        }

        /// <summary>The dependency's file name (its soname), for example <c>libstdc++.so.6</c>.</summary>
        public string File { get; }

        /// <summary>The version name, for example <c>GLIBCXX_3.4.32</c>.</summary>
        public string Name { get; }

        /// <summary>The entry's <c>vna_flags</c>.</summary>
        public ushort Flags { get; }

        /// <summary>Whether the need is weak (a missing version does not stop the library from loading).</summary>
        public bool IsWeak => (Flags & WeakFlag) != 0;

        /// <summary>The version index (<c>vna_other</c>) that symbols bound to this version carry.</summary>
        public ushort Index { get; }

        /// <summary>File offset of the entry's 16-bit <c>vna_flags</c> field.</summary>
        public long FlagsOffset { get; }

        /// <summary>Names of the dynamic symbols bound to this version.</summary>
        public IReadOnlyList<string> Symbols { get; }

        /// <inheritdoc />
        public override string ToString() => File + ": " + Name + (IsWeak ? " (weak)" : "");
    }

    /// <summary>Lists every version need of the ELF image, in table order.</summary>
    /// <exception cref="InvalidDataException">The image is not a 64-bit little-endian ELF file or its tables are malformed.</exception>
    public static IReadOnlyList<VersionNeed> ReadNeeds(byte[] image)
    {
        if (image is null) throw new ArgumentNullException(nameof(image));
        var sections = ReadSections(image);
        var result = new List<VersionNeed>();
        var verneed = FindSection(sections, ShtGnuVerneed);
        if (verneed is null) return result;
        var strings = LinkedSection(sections, verneed);
        var symbolsByIndex = SymbolsByVersionIndex(image, sections);

        long entry = verneed.Offset;
        for (uint i = 0; i < verneed.Info; i++)
        {
            CheckRange(image, entry, 16, verneed);
            ushort count = ReadU16(image, entry + 2);
            string file = ReadString(image, strings, ReadU32(image, entry + 4));
            long aux = entry + ReadU32(image, entry + 8);
            for (int j = 0; j < count; j++)
            {
                CheckRange(image, aux, 16, verneed);
                ushort flags = ReadU16(image, aux + 4);
                ushort index = ReadU16(image, aux + 6);
                string name = ReadString(image, strings, ReadU32(image, aux + 8));
                symbolsByIndex.TryGetValue(index, out var symbols);
                result.Add(new VersionNeed(file, name, flags, index, aux + 4, (IReadOnlyList<string>?)symbols ?? Array.Empty<string>()));
                uint nextAux = ReadU32(image, aux + 12);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            uint next = ReadU32(image, entry + 12);
            if (next == 0) break;
            entry += next;
        }
        return result;
    }

    /// <summary>Lists the version names the ELF image defines (for libstdc++: <c>GLIBCXX_3.4</c> … <c>GLIBCXX_3.4.30</c> and so on).</summary>
    /// <exception cref="InvalidDataException">The image is not a 64-bit little-endian ELF file or its tables are malformed.</exception>
    public static IReadOnlyList<string> ReadDefinitions(byte[] image)
    {
        if (image is null) throw new ArgumentNullException(nameof(image));
        var sections = ReadSections(image);
        var result = new List<string>();
        var verdef = FindSection(sections, ShtGnuVerdef);
        if (verdef is null) return result;
        var strings = LinkedSection(sections, verdef);

        long entry = verdef.Offset;
        for (uint i = 0; i < verdef.Info; i++)
        {
            CheckRange(image, entry, 20, verdef);
            ushort auxCount = ReadU16(image, entry + 6);
            if (auxCount > 0)
            {
                // The first auxiliary entry names the version itself; later ones name its parents.
                long aux = entry + ReadU32(image, entry + 12);
                CheckRange(image, aux, 8, verdef);
                result.Add(ReadString(image, strings, ReadU32(image, aux)));
            }
            uint next = ReadU32(image, entry + 16);
            if (next == 0) break;
            entry += next;
        }
        return result;
    }

    /// <summary>
    /// Sets <see cref="WeakFlag"/> on every non-weak need of <paramref name="version"/> in the image.
    /// </summary>
    /// <returns>Whether any entry changed (false when the version is not needed or already weak).</returns>
    /// <exception cref="InvalidDataException">The image is not a 64-bit little-endian ELF file or its tables are malformed.</exception>
    public static bool MarkWeak(byte[] image, string version)
    {
        bool changed = false;
        foreach (var need in ReadNeeds(image))
        {
            if (need.Name != version || need.IsWeak) continue;
            ushort flags = (ushort)(need.Flags | WeakFlag);
            image[need.FlagsOffset] = (byte)flags;
            image[need.FlagsOffset + 1] = (byte)(flags >> 8);
            changed = true;
        }
        return changed;
    }

    /// <summary>
    /// Marks <paramref name="version"/> weak in the library file at <paramref name="path"/>. The
    /// edited copy is written beside it and renamed over it, so a hard link into a package cache keeps
    /// pointing at the untouched original; the file's timestamp is kept so that incremental copies
    /// still see it as up to date.
    /// </summary>
    /// <returns>Whether the file changed (false when it already had no strong need of the version).</returns>
    /// <exception cref="InvalidDataException">The file is not a 64-bit little-endian ELF file or its tables are malformed.</exception>
    /// <exception cref="IOException">The file could not be read or replaced.</exception>
    public static bool MarkWeakInFile(string path, string version)
    {
        byte[] image = File.ReadAllBytes(path);
        var needs = ReadNeeds(image);
        if (!MarkWeak(image, version)) return false;

        string temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".",
            "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            // Copying first keeps the original's permission bits; only the changed flag words are rewritten.
            File.Copy(path, temp, overwrite: true);
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write))
            {
                foreach (var need in needs)
                {
                    if (need.Name != version || need.IsWeak) continue;
                    stream.Position = need.FlagsOffset;
                    stream.Write(image, (int)need.FlagsOffset, 2);
                }
            }
            File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(path));
            File.Replace(temp, path, null);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return true;
    }

    /// <summary>
    /// The path of the shared library named <paramref name="fileName"/> (for example
    /// <c>libstdc++.so.6</c>) that the dynamic loader uses: the copy mapped into this process if
    /// there is one, otherwise the first found in <c>LD_LIBRARY_PATH</c> and the standard library
    /// directories. Null when none is found (or not on Linux).
    /// </summary>
    public static string? FindSharedLibrary(string fileName)
    {
        // The loader resolves symlinks, so a mapped libstdc++.so.6 appears as libstdc++.so.6.0.30.
        try
        {
            if (File.Exists("/proc/self/maps"))
            {
                foreach (string line in File.ReadAllLines("/proc/self/maps"))
                {
                    int slash = line.IndexOf('/');
                    if (slash < 0) continue;
                    string mapped = line.Substring(slash).Trim();
                    string name = Path.GetFileName(mapped);
                    if ((name == fileName || name.StartsWith(fileName + ".", StringComparison.Ordinal)) && File.Exists(mapped))
                        return mapped;
                }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }

        var directories = new List<string>();
        string? libraryPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        if (!string.IsNullOrEmpty(libraryPath)) directories.AddRange(libraryPath!.Split(':'));
        directories.AddRange(new[]
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib",
        });
        foreach (string directory in directories)
        {
            if (directory.Length == 0) continue;
            string candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private sealed class Section
    {
        public uint Type;
        public long Offset;
        public long Size;
        public uint Link;
        public uint Info;
        public long EntrySize;
    }

    private static Section[] ReadSections(byte[] image)
    {
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
            throw new InvalidDataException("Not an ELF file.");
        if (image[4] != 2) throw new InvalidDataException("Not a 64-bit ELF file.");
        if (image[5] != 1) throw new InvalidDataException("Not a little-endian ELF file.");

        long tableOffset = (long)ReadU64(image, 0x28);
        int entrySize = ReadU16(image, 0x3A);
        long count = ReadU16(image, 0x3C);
        if (tableOffset == 0) return new Section[0];
        if (entrySize < 64) throw new InvalidDataException("ELF section header entries are too small.");
        // With 0 here, a file with very many sections keeps the real count in section 0's size.
        if (count == 0 && tableOffset + 64 <= image.Length) count = (long)ReadU64(image, tableOffset + 32);
        if (count < 0 || tableOffset < 0 || tableOffset + count * entrySize > image.Length)
            throw new InvalidDataException("ELF section header table lies outside the file.");

        var sections = new Section[count];
        for (long i = 0; i < count; i++)
        {
            long at = tableOffset + i * entrySize;
            var section = new Section
            {
                Type = ReadU32(image, at + 4),
                Offset = (long)ReadU64(image, at + 24),
                Size = (long)ReadU64(image, at + 32),
                Link = ReadU32(image, at + 40),
                Info = ReadU32(image, at + 44),
                EntrySize = (long)ReadU64(image, at + 56),
            };
            const uint ShtNobits = 8;
            if (section.Type != ShtNobits && (section.Offset < 0 || section.Size < 0 || section.Offset + section.Size > image.Length))
                throw new InvalidDataException("ELF section " + i + " lies outside the file.");
            sections[i] = section;
        }
        return sections;
    }

    private static Section? FindSection(Section[] sections, uint type)
    {
        foreach (var section in sections)
            if (section.Type == type) return section;
        return null;
    }

    private static Section LinkedSection(Section[] sections, Section section)
    {
        if (section.Link >= sections.Length) throw new InvalidDataException("ELF section links to a missing section.");
        return sections[section.Link];
    }

    // Maps a version index to the dynamic symbols bound to it (.gnu.version runs parallel to .dynsym).
    private static Dictionary<ushort, List<string>> SymbolsByVersionIndex(byte[] image, Section[] sections)
    {
        var result = new Dictionary<ushort, List<string>>();
        var versym = FindSection(sections, ShtGnuVersym);
        if (versym is null || versym.Link >= sections.Length) return result;
        var dynsym = sections[versym.Link];
        if (dynsym.Type != ShtDynsym || dynsym.EntrySize < 24) return result;
        var strings = LinkedSection(sections, dynsym);
        long symbolCount = Math.Min(dynsym.Size / dynsym.EntrySize, versym.Size / 2);
        for (long i = 1; i < symbolCount; i++)
        {
            // Bit 15 marks a hidden symbol; the low 15 bits are the version index.
            ushort index = (ushort)(ReadU16(image, versym.Offset + 2 * i) & 0x7fff);
            if (index < 2) continue; // 0 local, 1 global: unversioned
            string name = ReadString(image, strings, ReadU32(image, dynsym.Offset + i * dynsym.EntrySize));
            if (!result.TryGetValue(index, out var names)) result[index] = names = new List<string>();
            names.Add(name);
        }
        return result;
    }

    private static void CheckRange(byte[] image, long offset, int length, Section section)
    {
        if (offset < section.Offset || offset + length > section.Offset + section.Size || offset + length > image.Length)
            throw new InvalidDataException("ELF symbol-version entry lies outside its section.");
    }

    private static string ReadString(byte[] image, Section strings, uint offset)
    {
        long start = strings.Offset + offset;
        long end = strings.Offset + strings.Size;
        if (offset >= strings.Size) throw new InvalidDataException("ELF string offset lies outside its string table.");
        long stop = start;
        while (stop < end && image[stop] != 0) stop++;
        if (stop == end) throw new InvalidDataException("ELF string is not terminated.");
        return Encoding.ASCII.GetString(image, (int)start, (int)(stop - start));
    }

    private static ushort ReadU16(byte[] image, long at)
    {
        if (at < 0 || at + 2 > image.Length) throw new InvalidDataException("ELF file is truncated.");
        return (ushort)(image[at] | image[at + 1] << 8);
    }

    private static uint ReadU32(byte[] image, long at)
    {
        if (at < 0 || at + 4 > image.Length) throw new InvalidDataException("ELF file is truncated.");
        return image[at] | (uint)image[at + 1] << 8 | (uint)image[at + 2] << 16 | (uint)image[at + 3] << 24;
    }

    private static ulong ReadU64(byte[] image, long at) => ReadU32(image, at) | (ulong)ReadU32(image, at + 4) << 32;
}

#if !NET
/// <summary>
/// Build step: marks one needed version weak in the copied native libraries when the C++ runtime the
/// loader uses does not define it (or always, with <see cref="Force"/>), and only when every symbol
/// bound to it is in an allowed list.
/// </summary>
public sealed class MarkNativeVersionNeedWeak : Microsoft.Build.Utilities.Task
{
    // The system library's definitions, per path and timestamp, for the life of the build node.
    private static readonly Dictionary<string, HashSet<string>> ProviderDefinitions = new Dictionary<string, HashSet<string>>();

    /// <summary>Native library files to repair (files that do not exist are skipped).</summary>
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    /// <summary>The version to mark weak, for example GLIBCXX_3.4.32.</summary>
    [Microsoft.Build.Framework.Required]
    public string Version { get; set; } = "";

    /// <summary>File name of the library that should define the version.</summary>
    public string Provider { get; set; } = ElfSymbolVersions.LibStdCxx;

    /// <summary>Semicolon-separated symbols that may be bound to the version; any other symbol bound to it blocks the repair.</summary>
    public string AllowedSymbols { get; set; } = "";

    /// <summary>
    /// Marks the need weak whatever this machine's C++ runtime defines: for outputs that run on other
    /// machines, such as a packed tool. A weak need changes nothing where the version exists.
    /// </summary>
    public bool Force { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        var existing = new List<string>();
        foreach (var item in Libraries)
        {
            string path = item.GetMetadata("FullPath");
            if (File.Exists(path)) existing.Add(path);
        }
        if (existing.Count == 0) return true;

        string? provider = ElfSymbolVersions.FindSharedLibrary(Provider);
        string reason;
        if (Force)
        {
            reason = "as asked for outputs that run on other machines (TorchSharpNativeFixupForce)";
        }
        else
        {
            if (provider is null)
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "No " + Provider + " found; native libraries left as they are.");
                return true;
            }
            HashSet<string> defined;
            try
            {
                defined = Definitions(provider);
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "Could not read " + provider + ": " + e.Message);
                return true;
            }
            if (defined.Contains(Version)) return true;
            reason = "so that it loads with " + provider + ", which lacks that version";
        }

        var allowed = new HashSet<string>(AllowedSymbols.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries));
        foreach (string path in existing)
        {
            try
            {
                var bound = new List<string>();
                bool needed = false;
                foreach (var need in ElfSymbolVersions.ReadNeeds(File.ReadAllBytes(path)))
                {
                    if (need.Name != Version || need.IsWeak) continue;
                    needed = true;
                    bound.AddRange(need.Symbols);
                }
                if (!needed) continue;
                var blocking = bound.FindAll(s => !allowed.Contains(s));
                if (blocking.Count > 0)
                {
                    Log.LogWarning(path + " needs " + Version + " and binds symbols to it that may be called ("
                        + string.Join(", ", blocking) + "); it is left unchanged and will not load where " + Provider + " lacks that version.");
                    continue;
                }
                if (ElfSymbolVersions.MarkWeakInFile(path, Version))
                {
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                        "Marked the " + Version + " need of " + path + " weak " + reason
                        + " (bound symbols, never called: " + (bound.Count == 0 ? "none" : string.Join(", ", bound)) + ").");
                }
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                Log.LogWarning("Could not mark " + Version + " weak in " + path + ": " + e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    private static HashSet<string> Definitions(string provider)
    {
        string key = provider + "|" + File.GetLastWriteTimeUtc(provider).Ticks;
        lock (ProviderDefinitions)
        {
            if (!ProviderDefinitions.TryGetValue(key, out var defined))
                ProviderDefinitions[key] = defined = new HashSet<string>(ElfSymbolVersions.ReadDefinitions(File.ReadAllBytes(provider)));
            return defined;
        }
    }
}
#endif
