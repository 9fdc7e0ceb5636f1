using System.Text;

namespace QualityDiversity.Learning.Torch.Tests.Runtime;

/// <summary>
/// Builds minimal 64-bit little-endian ELF images with a dynamic string table, version needs,
/// version definitions, dynamic symbols and their version indices: just enough structure for the
/// symbol-version reader, written independently of it.
/// </summary>
internal static class TinyElf
{
    public sealed record Need(string Version, ushort Flags = 0, params string[] Symbols);

    public sealed record Dependency(string File, params Need[] Needs);

    public static byte[] Build(IReadOnlyList<Dependency> dependencies, IReadOnlyList<string>? definitions = null)
    {
        definitions ??= [];
        var dynstr = new MemoryStream();
        dynstr.WriteByte(0);
        var stringOffsets = new Dictionary<string, uint>();
        uint Str(string s)
        {
            if (stringOffsets.TryGetValue(s, out uint at)) return at;
            at = (uint)dynstr.Length;
            dynstr.Write(Encoding.ASCII.GetBytes(s));
            dynstr.WriteByte(0);
            return stringOffsets[s] = at;
        }

        // Version definitions take indices 1.., needs the indices after them.
        var verdef = new MemoryStream();
        var defWriter = new BinaryWriter(verdef);
        for (int i = 0; i < definitions.Count; i++)
        {
            bool last = i == definitions.Count - 1;
            defWriter.Write((ushort)1);            // vd_version
            defWriter.Write((ushort)(i == 0 ? 1 : 0)); // vd_flags (VER_FLG_BASE on the first)
            defWriter.Write((ushort)(i + 1));      // vd_ndx
            defWriter.Write((ushort)1);            // vd_cnt
            defWriter.Write(0u);                   // vd_hash
            defWriter.Write(20u);                  // vd_aux
            defWriter.Write(last ? 0u : 28u);      // vd_next
            defWriter.Write(Str(definitions[i]));  // vda_name
            defWriter.Write(0u);                   // vda_next
        }

        var verneed = new MemoryStream();
        var needWriter = new BinaryWriter(verneed);
        var symbols = new List<(string Name, ushort Index)>();
        ushort nextIndex = (ushort)(definitions.Count + 1);
        for (int d = 0; d < dependencies.Count; d++)
        {
            var dependency = dependencies[d];
            bool lastFile = d == dependencies.Count - 1;
            needWriter.Write((ushort)1);                                   // vn_version
            needWriter.Write((ushort)dependency.Needs.Length);             // vn_cnt
            needWriter.Write(Str(dependency.File));                        // vn_file
            needWriter.Write(16u);                                         // vn_aux
            needWriter.Write(lastFile ? 0u : (uint)(16 + 16 * dependency.Needs.Length)); // vn_next
            for (int n = 0; n < dependency.Needs.Length; n++)
            {
                var need = dependency.Needs[n];
                ushort index = ++nextIndex;
                needWriter.Write(0u);                                      // vna_hash
                needWriter.Write(need.Flags);                              // vna_flags
                needWriter.Write(index);                                   // vna_other
                needWriter.Write(Str(need.Version));                       // vna_name
                needWriter.Write(n == dependency.Needs.Length - 1 ? 0u : 16u); // vna_next
                foreach (string symbol in need.Symbols) symbols.Add((symbol, index));
            }
        }

        var dynsym = new MemoryStream();
        var symWriter = new BinaryWriter(dynsym);
        var versym = new MemoryStream();
        var versymWriter = new BinaryWriter(versym);
        symWriter.Write(new byte[24]);
        versymWriter.Write((ushort)0);
        symWriter.Write(Str("unversioned_symbol"));
        symWriter.Write((byte)0x12);
        symWriter.Write((byte)0);
        symWriter.Write((ushort)0);
        symWriter.Write(0UL);
        symWriter.Write(0UL);
        versymWriter.Write((ushort)1);
        foreach (var (name, index) in symbols)
        {
            symWriter.Write(Str(name));
            symWriter.Write((byte)0x12);          // global function
            symWriter.Write((byte)0);
            symWriter.Write((ushort)0);           // undefined: a reference
            symWriter.Write(0UL);
            symWriter.Write(0UL);
            versymWriter.Write(index);
        }

        var shstrtab = new MemoryStream();
        shstrtab.WriteByte(0);
        uint Name(string s)
        {
            uint at = (uint)shstrtab.Length;
            shstrtab.Write(Encoding.ASCII.GetBytes(s));
            shstrtab.WriteByte(0);
            return at;
        }

        // Sections: 0 null, 1 .dynstr, 2 .gnu.version_r, 3 .gnu.version_d, 4 .dynsym, 5 .gnu.version, 6 .shstrtab.
        var sections = new List<(uint Name, uint Type, byte[] Data, uint Link, uint Info, ulong EntrySize)>
        {
            (0, 0, [], 0, 0, 0),
            (Name(".dynstr"), 3, dynstr.ToArray(), 0, 0, 0),
            (Name(".gnu.version_r"), 0x6ffffffe, verneed.ToArray(), 1, (uint)dependencies.Count, 0),
            (Name(".gnu.version_d"), 0x6ffffffd, verdef.ToArray(), 1, (uint)definitions.Count, 0),
            (Name(".dynsym"), 11, dynsym.ToArray(), 1, 1, 24),
            (Name(".gnu.version"), 0x6fffffff, versym.ToArray(), 4, 0, 2),
        };
        uint shstrName = Name(".shstrtab");
        sections.Add((shstrName, 3, shstrtab.ToArray(), 0, 0, 0));

        var image = new MemoryStream();
        var writer = new BinaryWriter(image);
        writer.Write(new byte[64]);
        var offsets = new List<long>();
        foreach (var section in sections)
        {
            while (image.Length % 8 != 0) image.WriteByte(0);
            offsets.Add(image.Length);
            writer.Write(section.Data);
        }
        while (image.Length % 8 != 0) image.WriteByte(0);
        long tableOffset = image.Length;
        for (int i = 0; i < sections.Count; i++)
        {
            var s = sections[i];
            writer.Write(s.Name);
            writer.Write(s.Type);
            writer.Write(0UL);                                  // flags
            writer.Write(0UL);                                  // address
            writer.Write(i == 0 ? 0UL : (ulong)offsets[i]);     // offset
            writer.Write((ulong)s.Data.Length);                 // size
            writer.Write(s.Link);
            writer.Write(s.Info);
            writer.Write(8UL);                                  // alignment
            writer.Write(s.EntrySize);
        }

        var bytes = image.ToArray();
        byte[] ident = [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1];
        ident.CopyTo(bytes, 0);
        BitConverter.TryWriteBytes(bytes.AsSpan(0x10), (ushort)3);    // ET_DYN
        BitConverter.TryWriteBytes(bytes.AsSpan(0x12), (ushort)62);   // x86-64
        BitConverter.TryWriteBytes(bytes.AsSpan(0x14), 1u);
        BitConverter.TryWriteBytes(bytes.AsSpan(0x28), (ulong)tableOffset);
        BitConverter.TryWriteBytes(bytes.AsSpan(0x34), (ushort)64);
        BitConverter.TryWriteBytes(bytes.AsSpan(0x3A), (ushort)64);
        BitConverter.TryWriteBytes(bytes.AsSpan(0x3C), (ushort)sections.Count);
        BitConverter.TryWriteBytes(bytes.AsSpan(0x3E), (ushort)(sections.Count - 1));
        return bytes;
    }
}
