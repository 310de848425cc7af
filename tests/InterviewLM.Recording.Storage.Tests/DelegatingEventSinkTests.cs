using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterviewLM.Recording.Testing;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Tests;

public sealed class DelegatingEventSinkTests
{
    // An operation on a sink: 0 = write a block, 1 = write a keyframe, 2 = complete.
    private static readonly Gen<(int Kind, int Size)> Operation = Gen.Zip(Gen.Frequency((5, Gen.Constant(0)), (2, Gen.Constant(1)), (1, Gen.Constant(2))), Gen.Choose(1, 6));

    [Property(MaxTest = 200)]
    public Property AnyCalls_ThroughLayersThatOverrideNothing_ReachTheInnerSinkUnchanged() => Prop.ForAll(
        Gen.Zip(Gen.ListOf(Operation), Gen.Choose(1, 4)).ToArbitrary(),
        input =>
        {
            var (operations, depth) = input;
            var direct = new CallLogSink();
            var inner = new CallLogSink();
            IEventSink layered = inner;
            for (var i = 0; i < depth; i++)
            {
                layered = new PassThroughLayer(layered);
            }

            var events = EventGenerators.SampleStream(operations.Sum(o => o.Size) + 1);
            var next = 0;
            foreach (var (kind, size) in operations)
            {
                foreach (var sink in new[] { direct, layered })
                {
                    switch (kind)
                    {
                        case 0:
                            sink.WriteAsync(events.AsMemory(next, size)).AsTask().GetAwaiter().GetResult();
                            break;
                        case 1:
                            ((IKeyframeSink)sink).WriteKeyframeAsync(next, TimeSpan.FromTicks(size), new byte[size]).AsTask().GetAwaiter().GetResult();
                            break;
                        default:
                            sink.CompleteAsync().AsTask().GetAwaiter().GetResult();
                            break;
                    }
                }

                next += size;
            }

            layered.DisposeAsync().AsTask().GetAwaiter().GetResult();
            direct.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return direct.Calls.SequenceEqual(inner.Calls) &&
                direct.Blocks.Count == inner.Blocks.Count && direct.Blocks.Zip(inner.Blocks).All(p => p.First.SequenceEqual(p.Second)) &&
                direct.Keyframes.Count == inner.Keyframes.Count &&
                direct.Keyframes.Zip(inner.Keyframes).All(p => p.First.Next == p.Second.Next && p.First.Time == p.Second.Time && p.First.State.AsSpan().SequenceEqual(p.Second.State)) &&
                inner.Disposed;
        });

    [Fact]
    public async Task WriteKeyframeAsync_InnerSinkStoresNoKeyframes_ThrowsNotSupported()
    {
        var inner = new InMemoryEventSink();
        await using var layer = new PassThroughLayer(inner);
        await Assert.ThrowsAsync<NotSupportedException>(async () => await layer.WriteKeyframeAsync(1, TimeSpan.Zero, new byte[] { 1 }));
    }

    [Fact]
    public async Task DisposeAsync_Layer_DisposesTheInnerSink()
    {
        var inner = new InMemoryEventSink();
        var layer = new PassThroughLayer(inner);
        await layer.WriteAsync(EventGenerators.SampleStream(3));
        await layer.CompleteAsync();
        await layer.DisposeAsync();
        Assert.True(inner.IsCompleted);
        Assert.True(inner.IsDisposed);
        Assert.Equal(3, inner.Events.Count);
    }

    [Fact]
    public void Constructor_NullInner_Throws() => Assert.Throws<ArgumentNullException>(() => new PassThroughLayer(null!));
}
