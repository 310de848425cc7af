using Anthropic;
using BenchmarkDotNet.Attributes;
using InterviewLM.Recording.Claude;
using InterviewLM.Recording.Claude.Internal;

namespace InterviewLM.Recording.Benchmarks.Claude;

/// <summary>
/// Where the capture's cost on a 1 MB event stream read through the official SDK goes: each row adds one part of the
/// capture to the one before it, side by side with no handler in the same run.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project benchmarks/InterviewLM.Recording.Benchmarks -- --filter '*ClaudeCaptureAblation*'</c>.
/// The parsing rows feed the capture's internal SSE reader every read, as the capture does; the last row is the capture
/// itself. Results and how to read them: <c>benchmarks/results/claude/README.md</c> ("Runs 8–11", "Locating the cost").
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class ClaudeCaptureAblationBenchmarks
{
    private AnthropicClient _plain = null!;
    private AnthropicClient _forward = null!;
    private AnthropicClient _parse = null!;
    private AnthropicClient _parseBuild = null!;
    private AnthropicClient _capture = null!;

    [GlobalSetup]
    public void Setup()
    {
        var stream = ClaudeCaptureHandlerBenchmarks.BuildStream(1 << 20);
        AnthropicClient Client(DelegatingHandler? handler) => ClaudeCaptureHandlerBenchmarks.SdkClient(stream, handler);
        _plain = Client(null);
        _forward = Client(new ObservingHandler(static _ => null));
        _parse = Client(new ObservingHandler(static _ => new ParseObserver(null)));
        _parseBuild = Client(new ObservingHandler(static r => new ParseObserver(CredentialScrubber.FromRequest(r))));
        _capture = Client(new ClaudeCaptureHandler(new ClaudeInteractionRecorder(new ClaudeCaptureHandlerBenchmarks.DiscardingSink())));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _forward.Dispose();
        _parse.Dispose();
        _parseBuild.Dispose();
        _capture.Dispose();
    }

    /// <summary>No handler.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> A_NoHandler() => ClaudeCaptureHandlerBenchmarks.ConsumeWithSdkAsync(_plain);

    /// <summary>A handler that only hands the response on through a stream wrapper, as the capture does.</summary>
    [Benchmark]
    public Task<int> B_ForwardingStream() => ClaudeCaptureHandlerBenchmarks.ConsumeWithSdkAsync(_forward);

    /// <summary>The wrapper, and the SSE reader fed every read; nothing is assembled.</summary>
    [Benchmark]
    public Task<int> C_ParseEveryRead() => ClaudeCaptureHandlerBenchmarks.ConsumeWithSdkAsync(_parse);

    /// <summary>The same, and the interaction built at the end (the response string, the credential scrub).</summary>
    [Benchmark]
    public Task<int> D_ParseEveryReadAndBuild() => ClaudeCaptureHandlerBenchmarks.ConsumeWithSdkAsync(_parseBuild);

    /// <summary><see cref="ClaudeCaptureHandler"/> as it is, recording into a sink that discards.</summary>
    [Benchmark]
    public Task<int> E_FullCapture() => ClaudeCaptureHandlerBenchmarks.ConsumeWithSdkAsync(_capture);

    private interface IObserver
    {
        void OnBytes(ReadOnlySpan<byte> bytes);

        void OnEnd();
    }

    // With no scrubber the text is only released at the end; with one, the interaction is built as the capture builds it.
    private sealed class ParseObserver(CredentialScrubber? scrubber) : IObserver
    {
        private readonly InteractionDraft _draft = new();
        private ClaudeSseReader? _reader;

        public void OnBytes(ReadOnlySpan<byte> bytes) => (_reader ??= new ClaudeSseReader(_draft)).Feed(bytes);

        public void OnEnd()
        {
            if (scrubber is null)
            {
                _draft.Block(0).Text.Release();
            }
            else
            {
                GC.KeepAlive(_draft.Build(false, scrubber));
            }
        }
    }

    private sealed class ObservingHandler(Func<HttpRequestMessage, IObserver?> observe) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var observer = observe(request);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var original = response.Content;
            var upstream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var replacement = new StreamContent(new ObservingStream(upstream, observer));
            foreach (var header in original.Headers.NonValidated)
            {
                replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = replacement;
            return response;
        }
    }

    // Only ReadAsync(Memory<byte>) is implemented: it is the one overload the SDK's SSE parser calls. It awaits every read
    // (the capture's stream skips the state machine when the read completed synchronously), so row B is an upper bound.
    private sealed class ObservingStream(Stream inner, IObserver? observer) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (observer is not null)
            {
                if (read == 0)
                {
                    observer.OnEnd();
                }
                else
                {
                    observer.OnBytes(buffer.Span[..read]);
                }
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
