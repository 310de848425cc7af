using InterviewLM.Recording.Storage.Jsonl;
using InterviewLM.Recording.Testing;
using static InterviewLM.Recording.Storage.Tests.TestSessions;

namespace InterviewLM.Recording.Storage.Tests;

/// <summary>What every readable session store promises: listing, lengths and ranged reads whose positions count from the object's start.</summary>
public abstract class ReadOnlySessionObjectsContractTests : IDisposable
{
    protected static readonly byte[] Content = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();

    protected string Root { get; } = NewPath();

    /// <summary>Creates a session holding <c>a.bin</c> = <see cref="Content"/> and <c>files/b.txt</c> = "b".</summary>
    protected abstract ValueTask<IReadOnlySessionObjects> CreateWithObjectsAsync();

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    protected static async Task WriteSampleObjectsAsync(ISessionObjects objects)
    {
        await objects.ReplaceAsync("a.bin", Content);
        await objects.ReplaceAsync("files/b.txt", "b"u8.ToArray());
    }

    [Fact]
    public async Task ListAsync_Objects_ListsEveryObjectInOrdinalOrderWithItsLength()
    {
        var objects = await CreateWithObjectsAsync();
        Assert.Equal(new[] { new SessionObjectInfo("a.bin", 200), new SessionObjectInfo("files/b.txt", 1) }, await objects.ListAsync().ToListAsync());
        Assert.Equal(200, await objects.GetLengthAsync("a.bin"));
        Assert.Null(await objects.GetLengthAsync("missing.bin"));
    }

    [Theory]
    [InlineData(0, null, 0, 200)]
    [InlineData(10, 20L, 10, 30)]
    [InlineData(150, 100L, 150, 200)]
    [InlineData(199, 1L, 199, 200)]
    [InlineData(200, null, 200, 200)]
    [InlineData(250, 10L, 200, 200)]
    public async Task OpenReadAsync_Range_PositionCountsFromTheObjectStartAndTheEndIsRespected(long offset, long? length, int start, int end)
    {
        var objects = await CreateWithObjectsAsync();
        var stream = await objects.OpenReadAsync("a.bin", offset, length);
        await using (stream)
        {
            Assert.Equal(start, stream.Position);
            Assert.Equal(end, stream.Length);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(Content[start..end], copy.ToArray());
            Assert.Equal(end, stream.Position);
            Assert.Equal(0, await stream.ReadAsync(new byte[4]));
        }
    }

    [Fact]
    public async Task OpenReadAsync_SeekWithinTheRange_ReadsFromThere()
    {
        var objects = await CreateWithObjectsAsync();
        var stream = await objects.OpenReadAsync("a.bin", 50, 50);
        await using (stream)
        {
            stream.Position = 90;
            var buffer = new byte[20];
            Assert.Equal(10, await stream.ReadAtLeastAsync(buffer, 20, throwOnEndOfStream: false));
            Assert.Equal(Content[90..100], buffer[..10]);
            Assert.Throws<IOException>(() => stream.Seek(10, SeekOrigin.Begin));
        }
    }

    [Fact]
    public async Task OpenReadAsync_MissingObjectOrNegativeRange_Throws()
    {
        var objects = await CreateWithObjectsAsync();
        await Assert.ThrowsAsync<FileNotFoundException>(async () => await objects.OpenReadAsync("missing.bin"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await objects.OpenReadAsync("a.bin", -1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await objects.OpenReadAsync("a.bin", 0, -1));
    }
}

/// <summary>What every writable session store promises on top: atomic replace, append streams whose flush makes bytes readable, delete.</summary>
public abstract class SessionObjectsContractTests : ReadOnlySessionObjectsContractTests
{
    protected abstract ValueTask<ISessionObjects> CreateEmptyAsync();

    protected override async ValueTask<IReadOnlySessionObjects> CreateWithObjectsAsync()
    {
        var objects = await CreateEmptyAsync();
        await WriteSampleObjectsAsync(objects);
        return objects;
    }

    [Fact]
    public async Task ReplaceAsync_WriterThrows_LeavesTheOldObject()
    {
        var objects = await CreateEmptyAsync();
        await objects.ReplaceAsync("metadata.json", "old"u8.ToArray());

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await objects.ReplaceAsync("metadata.json", async (stream, ct) =>
        {
            await stream.WriteAsync("new, half writ"u8.ToArray(), ct);
            throw new InvalidOperationException("the writer failed");
        }));

        Assert.Equal("old"u8.ToArray(), await objects.ReadAllBytesAsync("metadata.json"));
        Assert.Equal(new[] { "metadata.json" }, (await objects.ListAsync().ToListAsync()).Select(o => o.Name));

        // A failed first write leaves no object at all.
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await objects.ReplaceAsync("index.json", (_, _) => throw new InvalidOperationException("no")));
        Assert.Null(await objects.GetLengthAsync("index.json"));
    }

    [Fact]
    public async Task ReplaceAsync_Twice_LeavesTheSecondContent()
    {
        var objects = await CreateEmptyAsync();
        await objects.ReplaceAsync("files/x.hash", "first, longer"u8.ToArray());
        await objects.ReplaceAsync("files/x.hash", "second"u8.ToArray());
        Assert.Equal("second"u8.ToArray(), await objects.ReadAllBytesAsync("files/x.hash"));
    }

    [Fact]
    public async Task OpenAppendAsync_Flushed_IsReadableAndAReopenAppendsAtTheEnd()
    {
        var objects = await CreateEmptyAsync();
        var stream = await objects.OpenAppendAsync("events.jsonl");
        await using (stream)
        {
            Assert.NotNull(await objects.GetLengthAsync("events.jsonl")); // created on open
            await stream.WriteAsync(Content.AsMemory(0, 50));
            await stream.FlushAsync();
            Assert.Equal(50, stream.Position);
            Assert.Equal(Content[..50], await objects.ReadAllBytesAsync("events.jsonl"));

            await stream.WriteAsync(Content.AsMemory(50, 50));
            await stream.FlushAsync();
            Assert.Equal(Content[..100], await objects.ReadAllBytesAsync("events.jsonl"));

            // A ranged read of what is flushed so far, while the writer is open.
            var range = await objects.OpenReadAsync("events.jsonl", 60, 10);
            await using (range)
            {
                var buffer = new byte[10];
                await range.ReadExactlyAsync(buffer);
                Assert.Equal(Content[60..70], buffer);
            }
        }

        var again = await objects.OpenAppendAsync("events.jsonl");
        await using (again)
        {
            await again.WriteAsync(Content.AsMemory(100, 100));
        }

        Assert.Equal(Content, await objects.ReadAllBytesAsync("events.jsonl")); // disposing flushes
    }

    [Fact]
    public async Task DeleteAsync_Object_IsGoneAndDeletingAgainDoesNothing()
    {
        var objects = await CreateEmptyAsync();
        await WriteSampleObjectsAsync(objects);
        await objects.DeleteAsync("a.bin");
        await objects.DeleteAsync("a.bin");
        Assert.Null(await objects.GetLengthAsync("a.bin"));
        Assert.Equal(new[] { "files/b.txt" }, (await objects.ListAsync().ToListAsync()).Select(o => o.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    [InlineData("./a")]
    public async Task Names_Invalid_AreRefused(string name)
    {
        var objects = await CreateEmptyAsync();
        await Assert.ThrowsAsync<ArgumentException>(async () => await objects.ReplaceAsync(name, "x"u8.ToArray()));
    }
}

public sealed class DirectorySessionObjectsTests : SessionObjectsContractTests
{
    protected override ValueTask<ISessionObjects> CreateEmptyAsync() => ValueTask.FromResult<ISessionObjects>(DirectorySessionObjects.Create(Path.Combine(Root, Guid.NewGuid().ToString("N"))));

    [Fact]
    public async Task ReplaceAsync_WriterThrows_LeavesNoTemporaryFile()
    {
        var objects = (DirectorySessionObjects)await CreateEmptyAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await objects.ReplaceAsync("metadata.json", (_, _) => throw new InvalidOperationException("no")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(objects.Path));
    }

    [Fact]
    public void Open_NoDirectory_Throws() => Assert.Throws<DirectoryNotFoundException>(() => DirectorySessionObjects.Open(Path.Combine(Root, "none")));
}

public sealed class InMemorySessionObjectsTests : SessionObjectsContractTests
{
    protected override ValueTask<ISessionObjects> CreateEmptyAsync() => ValueTask.FromResult<ISessionObjects>(new InMemorySessionObjects("memory:test"));

    [Fact]
    public async Task OpenAppendAsync_NotFlushed_IsNotVisible()
    {
        var objects = new InMemorySessionObjects("memory:unflushed");
        var stream = await objects.OpenAppendAsync("events.jsonl");
        await stream.WriteAsync(Content);
        Assert.Equal(0, await objects.GetLengthAsync("events.jsonl"));
        await stream.FlushAsync();
        Assert.Equal(200, await objects.GetLengthAsync("events.jsonl"));
        await stream.DisposeAsync();
    }

    [Fact]
    public async Task BytesRead_RangedReads_CountOnlyTheBytesRead()
    {
        var objects = new InMemorySessionObjects("memory:count");
        await WriteSampleObjectsAsync(objects);
        var stream = await objects.OpenReadAsync("a.bin", 20, 30);
        await using (stream)
        {
            await stream.CopyToAsync(Stream.Null);
        }

        Assert.Equal(30, objects.BytesRead("a.bin"));
        Assert.Equal(0, objects.BytesRead("files/b.txt"));
        objects.ResetBytesRead();
        Assert.Equal(0, objects.BytesRead("a.bin"));
    }
}

public sealed class ZipSessionObjectsTests : ReadOnlySessionObjectsContractTests
{
    protected override async ValueTask<IReadOnlySessionObjects> CreateWithObjectsAsync()
    {
        var source = new InMemorySessionObjects("memory:zip");
        await WriteSampleObjectsAsync(source);
        Directory.CreateDirectory(Root);
        var zip = Path.Combine(Root, Guid.NewGuid().ToString("N") + ".zip");
        Assert.Equal(2, await SessionZip.ExportAsync(source, zip));
        return ZipSessionObjects.Open(zip);
    }

    [Fact]
    public async Task ExportAsync_RecordedSession_StoresTheEventsSoRangedReadsSeekAndImportGivesTheSameObjects()
    {
        var source = new InMemorySessionObjects("memory:zipsession");
        await RecordSampleAsync(source, Gzip.GzipJsonlCodec.Instance);
        Directory.CreateDirectory(Root);
        var zip = Path.Combine(Root, "session.zip");
        await SessionZip.ExportAsync(source, zip);

        var opened = ZipSessionObjects.Open(zip);
        var expected = await ReadAllObjectsAsync(source);
        var actual = await ReadAllObjectsAsync(opened);
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.All(expected, pair => Assert.Equal(pair.Value, actual[pair.Key]));

        var session = await StoredSession.OpenAsync(opened);
        foreach (var block in (await session.ReadIndexAsync())!.Blocks)
        {
            Assert.NotNull((await session.ReadBlockAsync(block)).Block);
        }

        var imported = SessionZip.Import(zip, Path.Combine(Root, "imported"));
        var again = await ReadAllObjectsAsync(imported);
        Assert.All(expected, pair => Assert.Equal(pair.Value, again[pair.Key]));
        Assert.Throws<IOException>(() => SessionZip.Import(zip, Path.Combine(Root, "imported")));
    }

    [Fact]
    public void Open_NoFile_Throws() => Assert.Throws<FileNotFoundException>(() => ZipSessionObjects.Open(Path.Combine(Root, "none.zip")));
}

/// <summary>What every session store promises: create, open, list and delete sessions by identifier.</summary>
public abstract class SessionStoreContractTests : IDisposable
{
    protected string Root { get; } = NewPath();

    protected abstract ISessionStore CreateStore();

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task CreateOpenListDelete_Sessions_Work()
    {
        var store = CreateStore();
        Assert.Empty(await store.ListAsync().ToListAsync());
        await RecordSampleAsync(await store.CreateAsync("s-2"), JsonlCodec.Instance);
        await RecordSampleAsync(await store.CreateAsync("s-1"), JsonlCodec.Instance);
        Assert.Equal(new[] { "s-1", "s-2" }, await store.ListAsync().ToListAsync());

        var session = await StoredSession.OpenAsync(await store.OpenAsync("s-1"));
        Assert.Equal(SessionStatus.Completed, session.Metadata!.Status);
        Assert.IsAssignableFrom<ISessionObjects>(session.Objects);

        Assert.True(await store.DeleteAsync("s-1"));
        Assert.False(await store.DeleteAsync("s-1"));
        Assert.Equal(new[] { "s-2" }, await store.ListAsync().ToListAsync());
        await Assert.ThrowsAsync<DirectoryNotFoundException>(async () => await store.OpenAsync("s-1"));
    }

    [Fact]
    public async Task CreateAsync_ExistingSession_Throws()
    {
        var store = CreateStore();
        await RecordSampleAsync(await store.CreateAsync("dup"), JsonlCodec.Instance);
        await Assert.ThrowsAsync<IOException>(async () => await store.CreateAsync("dup"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("..")]
    public async Task CreateAsync_InvalidIdentifier_Throws(string sessionId)
    {
        var store = CreateStore();
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.CreateAsync(sessionId));
    }
}

public sealed class DirectorySessionStoreTests : SessionStoreContractTests
{
    protected override ISessionStore CreateStore() => new DirectorySessionStore(Root);
}

public sealed class InMemorySessionStoreTests : SessionStoreContractTests
{
    protected override ISessionStore CreateStore() => new InMemorySessionStore();
}
