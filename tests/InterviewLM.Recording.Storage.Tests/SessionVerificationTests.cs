using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Testing;

namespace InterviewLM.Recording.Storage.Tests;

public sealed class SessionVerificationTests
{
    [Theory]
    [InlineData("jsonl")]
    [InlineData("jsonl-gz")]
    public async Task VerifyAsync_CaptureFailures_CountedApartAndTheSessionIsIntact(string codecName)
    {
        var objects = new InMemorySessionObjects("memory:capture-failures");
        await using (var sink = await SessionStorageSink.CreateAsync(objects, new SessionStorageOptions { Codec = EventCodecs.Default.Get(codecName) }))
        {
            await sink.WriteAsync(new RecordedEvent[]
            {
                new(0, TimeSpan.Zero, new SessionStarted("sess_cf", DateTimeOffset.UnixEpoch)),
                new(1, TimeSpan.FromSeconds(1), new CaptureFailed("claude", "response stream could not be parsed")),
                new(2, TimeSpan.FromSeconds(2), new TerminalOutput("$ ")),
            });
            await sink.WriteAsync(new RecordedEvent[]
            {
                new(3, TimeSpan.FromSeconds(3), new CaptureFailed("terminal", "reading the terminal failed")),
                new(4, TimeSpan.FromSeconds(4), new SessionEnded("completed")),
            });
            await sink.CompleteAsync();
        }

        var verification = await SessionVerification.VerifyAsync(await StoredSession.OpenAsync(objects));

        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems.Select(p => p.Detail)));
        Assert.Equal(2, verification.CaptureFailures);
        Assert.Equal(5, verification.EventCount);
    }

    [Fact]
    public async Task VerifyAsync_NoCaptureFailure_CountsNone()
    {
        var objects = new InMemorySessionObjects("memory:no-capture-failures");
        await using (var sink = await SessionStorageSink.CreateAsync(objects))
        {
            await sink.WriteAsync(new RecordedEvent[]
            {
                new(0, TimeSpan.Zero, new SessionStarted("sess_ok", DateTimeOffset.UnixEpoch)),
                new(1, TimeSpan.FromSeconds(1), new SessionEnded("completed")),
            });
            await sink.CompleteAsync();
        }

        var verification = await SessionVerification.VerifyAsync(await StoredSession.OpenAsync(objects));

        Assert.True(verification.IsIntact);
        Assert.Equal(0, verification.CaptureFailures);
    }
}
