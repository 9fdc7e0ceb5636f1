using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QualityDiversity.Experiments.Tests.Support;

namespace QualityDiversity.Experiments.Tests;

/// <summary>
/// Every C# block of README.md compiles on its own, as a program a user pastes into a new
/// project that references the libraries (implicit usings on, as in a default console project).
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    public static TheoryData<int> Blocks()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < ReadBlocks().Count; i++) data.Add(i);
        return data;
    }

    [Fact]
    public void The_readme_has_csharp_blocks()
    {
        // The tour of the API, the experiment layer and the operators at the least.
        Assert.True(ReadBlocks().Count >= 4, $"README.md has {ReadBlocks().Count} C# blocks.");
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void A_readme_block_compiles_as_a_program(int index)
    {
        var (line, code) = ReadBlocks()[index];
        var tree = CSharpSyntaxTree.ParseText(ImplicitUsings + code, new CSharpParseOptions(LanguageVersion.Latest), path: $"README.md block at line {line}");
        var compilation = CSharpCompilation.Create($"ReadmeBlock{index}", [tree], References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        using var output = new MemoryStream();
        var result = compilation.Emit(output);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();
        Assert.True(result.Success, $"README.md block at line {line} does not compile:\n{string.Join("\n", errors)}\n---\n{code}");
    }

    // What a default console project (ImplicitUsings enabled) imports.
    private const string ImplicitUsings =
        "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
        "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;\n";

    private static IReadOnlyList<(int Line, string Code)> ReadBlocks()
    {
        string readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Scratch.Example("x"))!)!, "README.md"));
        var blocks = new List<(int, string)>();
        foreach (Match m in CSharpBlock().Matches(readme))
            blocks.Add((readme[..m.Index].Count(c => c == '\n') + 1, m.Groups[1].Value));
        return blocks;
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    // The framework plus every library of this repository (loaded through the test project's references).
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        foreach (var name in new[] { "QualityDiversity.Core", "QualityDiversity.Domains", "QualityDiversity.Learning", "QualityDiversity.Plotting",
                     "QualityDiversity.Text", "QualityDiversity.Llm", "QualityDiversity.Experiments", "QualityDiversity.Data", "Microsoft.Data.Analysis" })
            Assembly.Load(name);
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(p => IsManaged(p))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
