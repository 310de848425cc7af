using System.Text;
using System.Text.Json;
using InterviewLM.Recording.Storage.Jsonl;
using InterviewLM.Recording.TestUtils;
using Json.Schema;

namespace InterviewLM.Recording.Storage.Tests;

public sealed class SchemaTests
{
    // The schema registry is global and refuses a second registration of the same $id, so each schema is loaded once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<JsonSchema>> Schemas = new();

    private static JsonSchema Load(string name) =>
        Schemas.GetOrAdd(name, n => new Lazy<JsonSchema>(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoPaths.Schemas, n))))).Value;

    internal static IReadOnlyList<string> Validate(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid ? [] : [.. (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))];
    }

    [Fact]
    public void JsonlCodec_EveryRecordItWrites_MatchesTheEventSchema()
    {
        var schema = Load("event.schema.json");
        for (var seed = 1UL; seed <= 20; seed++)
        {
            var events = EventGenerators.SampleStream(60, seed);
            var text = Encoding.UTF8.GetString(CodecTestHelpers.Encode(JsonlCodec.Instance, EventGenerators.SplitIntoBlocks(events, (int)seed)));
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.True(Validate(schema, line) is { Count: 0 }, $"{line}\n{string.Join("\n", Validate(schema, line))}");
            }
        }
    }

    [Fact]
    public void EventSchema_RejectsMalformedRecords()
    {
        var schema = Load("event.schema.json");
        Assert.NotEmpty(Validate(schema, "{\"seq\":0,\"t\":1,\"type\":\"text_edit\",\"fileId\":\"f\",\"changes\":[]}"));
        Assert.NotEmpty(Validate(schema, "{\"seq\":-1,\"t\":1,\"type\":\"marker\",\"label\":\"x\"}"));
        Assert.NotEmpty(Validate(schema, "{\"$block\":0,\"first\":0,\"count\":1,\"length\":3,\"crc32\":\"XYZ\"}"));
        Assert.NotEmpty(Validate(schema, "{\"seq\":0,\"t\":1,\"type\":\"code_snapshot\",\"fileId\":\"f\",\"hash\":\"abc\",\"diff\":[]}"));
    }

    [Fact]
    public void JsonlCodec_FileSkipped_IsWrittenAsTheSchemaDescribesAndReadBack()
    {
        var skipped = new FileSkipped("data/model.bin", 5_000_000_000, new string('a', 64), FileSkipped.TooLargeReason);
        var text = Encoding.UTF8.GetString(CodecTestHelpers.Encode(JsonlCodec.Instance, [[new RecordedEvent(3, TimeSpan.FromMilliseconds(2), skipped)]]));
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];

        Assert.Equal($"{{\"seq\":3,\"t\":2000,\"type\":\"file_skipped\",\"path\":\"data/model.bin\",\"size\":5000000000,\"hash\":\"{new string('a', 64)}\",\"reason\":\"too_large\"}}", line);
        Assert.Empty(Validate(Load("event.schema.json"), line));
        Assert.Equal(skipped, CodecTestHelpers.ReadAll(JsonlCodec.Instance, Encoding.UTF8.GetBytes(text)).Single().Block!.Events[0].Event);
        Assert.NotEmpty(Validate(Load("event.schema.json"), line.Replace(",\"size\":5000000000", string.Empty, StringComparison.Ordinal)));
        Assert.NotEmpty(Validate(Load("event.schema.json"), line.Replace(new string('a', 64), "abc", StringComparison.Ordinal)));
        Assert.NotEmpty(Validate(Load("event.schema.json"), line.Replace("5000000000", "-1", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task StoredSession_MetadataAndIndex_MatchTheirSchemas()
    {
        var path = await TestSessions.RecordSampleDirectoryAsync(new Gzip.GzipJsonlCodec());
        try
        {
            Assert.Empty(Validate(Load("metadata.schema.json"), File.ReadAllText(Path.Combine(path, "metadata.json"))));
            Assert.Empty(Validate(Load("index.schema.json"), File.ReadAllText(Path.Combine(path, "index.json"))));
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
