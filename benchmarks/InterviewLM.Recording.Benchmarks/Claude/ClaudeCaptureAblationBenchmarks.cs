using Anthropic;
using BenchmarkDotNet.Attributes;
using InterviewLM.Recording.Claude;
using InterviewLM.Recording.Claude.Internal;

namespace InterviewLM.Recording.Benchmarks.Claude;

[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class ClaudeCaptureAblationBenchmarks
{
    private byte[] _stream = [];
    private AnthropicClient _plain = null!;
    private AnthropicClient _forward = null!;
    private AnthropicClient _parse = null!;
    private AnthropicClient _parseBuild = null!;
    private AnthropicClient _batched16 = null!;
    private AnthropicClient _batched64 = null!;
    private AnthropicClient _offThread = null!;
    private AnthropicClient _capture = null!;

    [GlobalSetup]
    public void Setup()
    {
        _stream = ClaudeCaptureHandlerBenchmarks.BuildStream(1 << 20);
        _plain = Client(null);
        _forward = Client(new ObservingHandler(static _ => null));
        _parse = Client(new ObservingHandler(static _ => new ParseObserver(null)));
        _parseBuild = Client(new ObservingHandler(static r => new ParseObserver(CredentialScrubber.FromRequest(r))));
        _batched16 = Client(new ObservingHandler(static _ => new BatchedObserver(16 * 1024)));
        _batched64 = Client(new ObservingHandler(static _ => new BatchedObserver(64 * 1024)));
        _offThread = Client(new ObservingHandler(static _ => new OffThreadObserver(16 * 1024)));
        _capture = Client(new ClaudeCaptureHandler(new ClaudeInteractionRecorder(new ClaudeCaptureHandlerBenchmarks.DiscardingSink())));
    }

    [Benchmark(Baseline = true)]
    public Task<int> A_NoHandler() => ClaudeCaptureHandlerBenchmarks.ConsumeWithSdkAsync(_plain);

    [Benchmark]
    public Task<int> B_ForwardingStream() => ClaudeCaptureHandlerBenchmarks.ConsumeWithSdkAsync(_forward);

    [Benchmark]
    public Task<int> C_ParseOnly() => ClaudeCaptureHandlerBenchmarks.ConsumeWithSdkAsync(_parse);

    [Benchmark]
    public Task<int> C2_ParseBatched16K() => ClaudeCaptureHandlerBenchmarks.ConsumeWithSdkAsync(_batched16);

    [Benchmark]
    public Task<int> C3_ParseBatched64K() => ClaudeCaptureHandlerBenchmarks.ConsumeWithSdkAsync(_batched64);

    [Benchmark]
    public Task<int> C4_ParseOffThread16K() => ClaudeCaptureHandlerBenchmarks.ConsumeWithSdkAsync(_offThread);

    [Benchmark]
    public Task<int> D_ParseAndBuild() => ClaudeCaptureHandlerBenchmarks.ConsumeWithSdkAsync(_parseBuild);

    [Benchmark]
    public Task<int> E_FullCapture() => ClaudeCaptureHandlerBenchmarks.ConsumeWithSdkAsync(_capture);

    private AnthropicClient Client(DelegatingHandler? handler) => new()
    {
        ApiKey = "bench",
        BaseUrl = "http://fake",
        MaxRetries = 0,
        HttpClient = new HttpClient(new ClaudeCaptureHandlerBenchmarks.FakeInnerHandler(() => ClaudeCaptureHandlerBenchmarks.Sse(_stream))),
        Handlers = handler is null ? [] : [handler],
    };

    private interface IObserver
    {
        void OnBytes(ReadOnlySpan<byte> bytes);

        void OnEnd();
    }

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

    private sealed class BatchedObserver(int size) : IObserver
    {
        private readonly InteractionDraft _draft = new();
        private readonly byte[] _batch = new byte[size];
        private int _length;
        private ClaudeSseReader? _reader;

        public void OnBytes(ReadOnlySpan<byte> bytes)
        {
            if (_length + bytes.Length > _batch.Length)
            {
                Flush();
            }

            bytes.CopyTo(_batch.AsSpan(_length));
            _length += bytes.Length;
        }

        public void OnEnd()
        {
            Flush();
            _draft.Block(0).Text.Release();
        }

        private void Flush()
        {
            (_reader ??= new ClaudeSseReader(_draft)).Feed(_batch.AsSpan(0, _length));
            _length = 0;
        }
    }

    private sealed class OffThreadObserver(int size) : IObserver
    {
        private readonly InteractionDraft _draft = new();
        private readonly System.Collections.Concurrent.ConcurrentQueue<(byte[] Buffer, int Length)> _queue = new();
        private readonly ManualResetEventSlim _idle = new(true);
        private byte[] _batch = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
        private int _length;
        private int _scheduled;
        private ClaudeSseReader? _reader;

        public void OnBytes(ReadOnlySpan<byte> bytes)
        {
            if (_length + bytes.Length > _batch.Length)
            {
                Hand();
            }

            bytes.CopyTo(_batch.AsSpan(_length));
            _length += bytes.Length;
        }

        public void OnEnd()
        {
            Hand();
            _idle.Wait();
            _draft.Block(0).Text.Release();
        }

        private void Hand()
        {
            _queue.Enqueue((_batch, _length));
            _batch = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
            _length = 0;
            if (Interlocked.Exchange(ref _scheduled, 1) == 0)
            {
                _idle.Reset();
                ThreadPool.UnsafeQueueUserWorkItem(static self => self.Drain(), this, preferLocal: false);
            }
        }

        private void Drain()
        {
            while (true)
            {
                while (_queue.TryDequeue(out var item))
                {
                    (_reader ??= new ClaudeSseReader(_draft)).Feed(item.Buffer.AsSpan(0, item.Length));
                    System.Buffers.ArrayPool<byte>.Shared.Return(item.Buffer);
                }

                Volatile.Write(ref _scheduled, 0);
                if (_queue.IsEmpty || Interlocked.Exchange(ref _scheduled, 1) != 0)
                {
                    _idle.Set();
                    return;
                }
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
