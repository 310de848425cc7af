using Google.Protobuf;
using Google.Protobuf.Reflection;
using InterviewLM.Recording.Storage.Protobuf.Schema;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Protobuf.Tests;

/// <summary>The reused column message forgets the previous block entirely, whatever fields the schema has.</summary>
public sealed class BlockDecodeBuffersTests
{
    [Fact]
    public void ParseColumns_AfterABlockWithEveryFieldSet_LeavesNothingOfIt()
    {
        var full = ColumnBlockCodec.Encode(EventGenerators.SampleStream(200, 9));
        full.TimeUnitTicks = 7;
        full.SequenceGaps.Add(3);
        full.EditHasRange.Add(1);
        full.EditRange.Add(2);
        full.EditTextBytes = 1;
        full.OutputDataBytes = 2;
        full.TextStream = true;
        full.EditText = ByteString.CopyFromUtf8("x");
        full.OutputData = ByteString.CopyFromUtf8("y");

        // Every field of the schema is set here, so a field added later fails this test until ParseColumns clears it.
        foreach (var field in ColumnBlock.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(full);
            var set = value switch
            {
                System.Collections.IList list => list.Count > 0,
                ByteString bytes => !bytes.IsEmpty,
                bool flag => flag,
                uint number => number != 0,
                _ => false,
            };
            Assert.True(set, $"field {field.Name} is not set in the sample");
        }

        var buffers = new BlockDecodeBuffers();
        buffers.ParseColumns(full.ToByteArray());
        Assert.Equal(full, buffers.Columns);
        var next = ColumnBlockCodec.Encode(EventGenerators.SampleStream(3, 1));
        Assert.Equal(next, buffers.ParseColumns(next.ToByteArray()));
        Assert.Equal(new ColumnBlock(), buffers.ParseColumns([]));
    }
}
