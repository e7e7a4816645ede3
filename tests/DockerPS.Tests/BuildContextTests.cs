using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DockerPS.Archives;
using DockerPS.Builds;
using DockerPS.Completion;
using DockerPS.Internal;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// The build context on a real directory, as the docker CLI sends it: which files go (.dockerignore and its
/// exceptions, the build files always), in which order, with which modes, times, links and long names; a Dockerfile
/// from outside; and the tar read back through the module's own TarStreamReader.
/// </summary>
public sealed class BuildContextTests : IDisposable
{
    private static readonly DateTime Stamp = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Entries_AreTheFilesInNameOrder_LessWhatDockerIgnoreLeavesOut_ExceptionsKept()
    {
        Write("Dockerfile", "FROM scratch");
        Write(".dockerignore", "# comment\nsecret*\nlogs\n!logs/keep.log\n**/*.tmp\n");
        Write("app.txt", "app");
        Write("secret.key", "no");
        Write("logs/a.log", "no");
        Write("logs/keep.log", "yes");
        Write("sub/x.tmp", "no");
        Write("sub/deeper/y.tmp", "no");
        Write("sub/y.txt", "yes");

        var names = Names(BuildContext.Prepare(folder.Path, null));

        Assert.Equal(new[] { ".dockerignore", "Dockerfile", "app.txt", "logs/keep.log", "sub", "sub/deeper", "sub/y.txt" }, names);
    }

    [Fact]
    public void ExcludedDirectory_WithoutAnExceptionInside_IsNotWalked()
    {
        Write("Dockerfile", "FROM scratch");
        Write(".dockerignore", "node_modules\n!*/keep\n");
        Write("node_modules/keep", "the exception's literal start is *, not node_modules");
        Write("src/keep", "yes");

        Assert.Equal(new[] { ".dockerignore", "Dockerfile", "src", "src/keep" }, Names(BuildContext.Prepare(folder.Path, null)));
    }

    [Fact]
    public void TheDockerfileAndDockerIgnore_AreAlwaysSent_EvenWhenThePatternsLeaveThemOut()
    {
        Write("build/app.Dockerfile", "FROM scratch");
        Write(".dockerignore", "*\n");
        Write("other.txt", "no");

        var context = BuildContext.Prepare(folder.Path, Path.Combine(folder.Path, "build", "app.Dockerfile"));

        Assert.Equal("build/app.Dockerfile", context.DockerfileName);
        Assert.Equal(new[] { ".dockerignore", "build/app.Dockerfile" }, Names(context));
    }

    [Fact]
    public void DockerfileOutsideTheContext_GoesLastUnderAGeneratedName_ThatTheSentDockerIgnoreLists()
    {
        Directory.CreateDirectory(Path.Combine(folder.Path, "context"));
        Write("context/app.txt", "app");
        Write("context/.dockerignore", "*.log");
        Write("Dockerfile.outside", "FROM scratch\nCOPY . /app\n");

        var context = BuildContext.Prepare(Path.Combine(folder.Path, "context"), Path.Combine(folder.Path, "Dockerfile.outside"));
        var entries = context.Entries().ToList();

        Assert.Matches("^\\.dockerfile\\.[0-9a-f]{20}$", context.DockerfileName);
        Assert.Equal(new[] { ".dockerignore", "app.txt", context.DockerfileName }, entries.Select(e => e.Entry.Name));
        Assert.Equal("*.log\n" + context.DockerfileName + "\n", Encoding.UTF8.GetString(entries[0].Content!));
        Assert.Equal(entries[0].Content!.Length, entries[0].Entry.Size);
        Assert.Equal("FROM scratch\nCOPY . /app\n", Encoding.UTF8.GetString(entries[2].Content!));
        Assert.Equal(0x180, entries[2].Entry.Mode);
    }

    [Fact]
    public void DockerfileOutside_WithoutADockerIgnore_SendsOneThatListsIt()
    {
        Directory.CreateDirectory(Path.Combine(folder.Path, "context"));
        Write("context/app.txt", "app");
        Write("Dockerfile", "FROM scratch");

        var context = BuildContext.Prepare(Path.Combine(folder.Path, "context"), Path.Combine(folder.Path, "Dockerfile"));
        var entries = context.Entries().ToList();

        Assert.Equal(new[] { "app.txt", ".dockerignore", context.DockerfileName }, entries.Select(e => e.Entry.Name));
        Assert.Equal("\n" + context.DockerfileName + "\n", Encoding.UTF8.GetString(entries[1].Content!));
    }

    [Fact]
    public async Task Tar_ReadBack_KeepsModesTimesLinksLongNamesAndData()
    {
        Write("Dockerfile", "FROM scratch");
        var longName = string.Join("/", Enumerable.Repeat("directory-name", 8)) + "/" + new string('f', 90) + ".txt";
        Write(longName, "long");
        Write("run.sh", "#!/bin/sh");
        UnixFiles.SetMode(Path.Combine(folder.Path, "run.sh"), 0x1ED);
        File.SetLastWriteTimeUtc(Path.Combine(folder.Path, "run.sh"), Stamp.AddTicks(1234567));
        UnixFiles.CreateSymbolicLink(Path.Combine(folder.Path, "link"), "run.sh");

        var read = await ReadTar(BuildContext.Prepare(folder.Path, null));

        Assert.True(longName.Length > 200);
        Assert.Equal("long", read[longName].Data);
        Assert.Equal(TarEntryType.Directory, read["directory-name"].Entry.Type);
        var script = read["run.sh"].Entry;
        Assert.Equal(0x1ED, script.Mode);
        Assert.Equal(Stamp, script.Modified);
        Assert.Equal("#!/bin/sh", read["run.sh"].Data);
        var link = read["link"].Entry;
        Assert.Equal(TarEntryType.SymbolicLink, link.Type);
        Assert.Equal("run.sh", link.LinkName);
    }

    [Fact]
    public void MissingDirectoryOrDockerfile_IsItemNotFound_NamingIt()
    {
        var missing = Path.Combine(folder.Path, "nosuch");

        Assert.Contains(missing, Assert.Throws<ItemNotFoundException>(() => BuildContext.Prepare(missing, null)).Message);
        Assert.Contains("Dockerfile", Assert.Throws<ItemNotFoundException>(() => BuildContext.Prepare(folder.Path, null)).Message);
    }

    [Fact]
    public void BadPatternInDockerIgnore_IsRefusedWhenTheContextIsPrepared()
    {
        Write("Dockerfile", "FROM scratch");
        Write(".dockerignore", "[a-\n");

        Assert.Throws<ArgumentException>(() => BuildContext.Prepare(folder.Path, null));
    }

    [Fact]
    public async Task FileThatShrinksWhileSent_FailsTheTar_AsTheContextsError()
    {
        Write("Dockerfile", "FROM scratch");
        var large = Path.Combine(folder.Path, "z.bin");
        File.WriteAllBytes(large, new byte[1024 * 1024]);
        var context = BuildContext.Prepare(folder.Path, null);

        using var tar = context.OpenTar(CancellationToken.None);

        // Past z.bin's header: its size is taken, and the pipe, far smaller than the file, holds the producer inside its data.
        var start = new byte[4096];
        for (var read = 0; read < start.Length;)
        {
            read += await tar.ReadAsync(start, read, start.Length - read);
        }

        File.WriteAllBytes(large, Array.Empty<byte>());
        await Assert.ThrowsAnyAsync<IOException>(() => tar.CopyToAsync(Stream.Null));

        var record = context.Unreadable(tar.ProducerFailure!);
        Assert.Equal("BuildContextUnreadable", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ReadError, record.CategoryInfo.Category);
        Assert.Contains("z.bin", record.Exception.Message);
    }

    [Fact]
    public void TargetCompletion_OffersTheStagesOfTheDockerfileThatFileOrPathNames()
    {
        Write("Dockerfile", "FROM base AS build\nRUN make\nFROM  --platform=linux/amd64 base as test\nFROM build AS final\nFROM scratch\n");
        Write("other/Other.Dockerfile", "FROM base AS tools\n");
        var completer = new BuildStageCompleter();

        var fromPath = completer.CompleteArgument("Build-DockerImage", "Target", string.Empty, null!, new Hashtable { ["Path"] = folder.Path });
        var fromFile = completer.CompleteArgument("Build-DockerImage", "Target", "t", null!, new Hashtable { ["File"] = Path.Combine(folder.Path, "other", "Other.Dockerfile") });
        var nothing = completer.CompleteArgument("Build-DockerImage", "Target", string.Empty, null!, new Hashtable { ["Path"] = Path.Combine(folder.Path, "nosuch") });

        Assert.Equal(new[] { "build", "final", "test" }, fromPath.Select(result => result.CompletionText));
        Assert.Equal(new[] { "tools" }, fromFile.Select(result => result.CompletionText));
        Assert.Empty(nothing);
    }

    private static List<string> Names(BuildContext context) => context.Entries().Select(e => e.Entry.Name).ToList();

    private static async Task<Dictionary<string, (TarEntry Entry, string Data)>> ReadTar(BuildContext context)
    {
        var result = new Dictionary<string, (TarEntry, string)>(StringComparer.Ordinal);
        using var tar = context.OpenTar(CancellationToken.None);
        var reader = new TarStreamReader(tar);
        while (await reader.NextAsync(CancellationToken.None) is { } entry)
        {
            var data = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None)) > 0)
            {
                data.Write(buffer, 0, read);
            }

            result[entry.Name.TrimEnd('/')] = (entry, Encoding.UTF8.GetString(data.ToArray()));
        }

        return result;
    }

    private void Write(string name, string content)
    {
        var path = Path.Combine(folder.Path, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
