using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using QualityDiversity.Packaging.Consumer;
using QualityDiversity.Testing;
using Xunit.Abstractions;

namespace QualityDiversity.Packaging.Tests;

/// <summary>
/// Packs the libraries with a unique prerelease version into a temporary feed, then builds and runs
/// a console program outside the repository that restores them from that feed as a new user would.
/// </summary>
public sealed class PackagedConsumerTests(ITestOutputHelper output)
{
    // The libraries a user can reference (the qd tool is packed per platform with all three LibTorch builds: too large here).
    private static readonly string[] Libraries =
        ["QualityDiversity.Core", "QualityDiversity.Domains", "QualityDiversity.Learning", "QualityDiversity.Learning.Torch", "QualityDiversity.Llm", "QualityDiversity.Plotting", "QualityDiversity.Text", "QualityDiversity.Experiments"];

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(20);

    [Fact]
    public async Task A_consumer_outside_the_repository_searches_fits_triplets_on_torch_and_draws_a_heatmap_from_the_packages()
    {
        string repository = RepositoryPaths.Root;
        string version = $"0.1.0-packaging.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        string root = Directory.CreateTempSubdirectory("qd-packaging-").FullName;
        string globalPackages = GlobalPackagesFolder(root);
        try
        {
            string feed = Directory.CreateDirectory(Path.Combine(root, "feed")).FullName;
            PackLibraries(repository, root, feed, version);
            foreach (string id in Libraries)
                Assert.True(File.Exists(Path.Combine(feed, $"{id}.{version}.nupkg")), $"{id} {version} was not packed");

            string consumer = WriteConsumer(repository, root, feed, version);
            string heatmap = Path.Combine(root, "heatmap.png");
            string run = ChildProcess.RunDotnet(consumer, RunTimeout, "run", "-c", "Release", "--disable-build-servers", "--", heatmap);
            output.WriteLine(run);

            // The packaged search prints exactly what the same code gives in this process.
            string expected = ConsumerSearch.Summary(await ConsumerSearch.RunAsync());
            Assert.Contains(expected, run.Split('\n').Select(line => line.Trim()));

            // The triplet fit ran on TorchSharp (on Debian 12 only after the packaged GLIBCXX repair) and learned the easy measure.
            var accuracy = Regex.Match(run, @"validation-accuracy=([0-9.Ee+-]+)");
            Assert.True(accuracy.Success, "the consumer printed no validation accuracy");
            double value = double.Parse(accuracy.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(value >= 0.9, $"validation accuracy {value}");

            var png = File.ReadAllBytes(heatmap);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.True(png.Length > 10_000, $"the heatmap has only {png.Length} bytes");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            foreach (string id in Libraries)
            {
                string package = Path.Combine(globalPackages, id.ToLowerInvariant());
                string cached = Path.Combine(package, version);
                if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
                try
                {
                    if (Directory.Exists(package) && !Directory.EnumerateFileSystemEntries(package).Any()) Directory.Delete(package);
                }
                catch (IOException)
                {
                    // Another run put a version there meanwhile: the folder is theirs now.
                }
            }
        }
    }

    // One pack of all libraries through a temporary solution; bin and obj go to a temporary artifacts folder, not the repository's.
    private void PackLibraries(string repository, string root, string feed, string version)
    {
        string packing = Directory.CreateDirectory(Path.Combine(root, "pack")).FullName;
        ChildProcess.RunDotnet(packing, PackTimeout, "new", "sln", "--name", "Libraries");
        string solution = Directory.GetFiles(packing, "Libraries.sln*").Single();
        ChildProcess.RunDotnet(packing, PackTimeout, ["sln", solution, "add", .. Libraries.Select(id => Path.Combine(repository, "src", id, id + ".csproj"))]);
        output.WriteLine(ChildProcess.RunDotnet(packing, PackTimeout, "pack", solution, "-c", "Release", "-o", feed,
            "--artifacts-path", Path.Combine(root, "artifacts"), "--disable-build-servers", $"-p:Version={version}"));
    }

    private static string WriteConsumer(string repository, string root, string feed, string version)
    {
        string consumer = Directory.CreateDirectory(Path.Combine(root, "consumer")).FullName;
        string sources = Path.Combine(AppContext.BaseDirectory, "Consumer");
        File.Copy(Path.Combine(sources, "ConsumerProgram.cs"), Path.Combine(consumer, "Program.cs"));
        File.Copy(Path.Combine(sources, "ConsumerSearch.cs"), Path.Combine(consumer, "ConsumerSearch.cs"));

        // Empty files stop MSBuild's upward search, so nothing from folders above is inherited.
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.targets"), "<Project />\n");
        // The local feed is added to the machine's usual sources; the global packages folder stays the usual one.
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="qd-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        string backend = LibTorchBackend();
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="QualityDiversity.Core" Version="{version}" />
                <PackageReference Include="QualityDiversity.Learning.Torch" Version="{version}" />
                <PackageReference Include="QualityDiversity.Plotting" Version="{version}" />
                <PackageReference Include="{backend}" Version="{CentralVersion(repository, backend)}" />
              </ItemGroup>
            </Project>
            """);
        return consumer;
    }

    // The application chooses LibTorch: this machine's CPU build, as the repository's own projects do.
    private static string LibTorchBackend() => (RuntimeInformation.OSArchitecture, OperatingSystem.IsWindows(), OperatingSystem.IsMacOS()) switch
    {
        (Architecture.X64, true, _) => "libtorch-cpu-win-x64",
        (Architecture.Arm64, true, _) => "libtorch-cpu-win-arm64",
        (Architecture.Arm64, _, true) => "libtorch-cpu-osx-arm64",
        _ => "libtorch-cpu-linux-x64",
    };

    private static string CentralVersion(string repository, string package) =>
        XDocument.Load(Path.Combine(repository, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == package).Attribute("Version")!.Value;

    private static string GlobalPackagesFolder(string directory)
    {
        string listed = ChildProcess.RunDotnet(directory, TimeSpan.FromMinutes(2), "nuget", "locals", "global-packages", "--list");
        var match = Regex.Match(listed, @"global-packages:\s*(.+)");
        Assert.True(match.Success, $"no global packages folder in: {listed}");
        return match.Groups[1].Value.Trim();
    }
}
