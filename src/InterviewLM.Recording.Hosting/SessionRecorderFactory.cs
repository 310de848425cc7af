using System.Diagnostics.Metrics;
using InterviewLM.Recording.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewLM.Recording.Hosting;

/// <summary>The factory <c>AddInterviewRecording</c> registers: one pipeline builder, one store, a recorder per session.</summary>
internal sealed class SessionRecorderFactory : ISessionRecorderFactory
{
    private readonly InterviewRecordingOptions _options;
    private readonly IEventCodec _codec;
    private readonly SessionPipelineBuilder _pipeline;
    private readonly TimeProvider _time;
    private readonly IMeterFactory? _meterFactory;
    private readonly ILogger _logger;
    private readonly IServiceProvider _services;

    public SessionRecorderFactory(
        IOptions<InterviewRecordingOptions> options,
        InterviewRecordingConfiguration configuration,
        EventCodecs codecs,
        TimeProvider timeProvider,
        IServiceProvider services)
    {
        _options = options.Value; // validated here at the latest
        _codec = codecs.Get(_options.Codec);
        _time = timeProvider;
        _meterFactory = services.GetService<IMeterFactory>();
        _logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("InterviewLM.Recording.Hosting.SessionRecorderFactory");
        _services = services;
        Store = configuration.Store?.Invoke(services) ?? new DirectorySessionStore(_options.StoreRoot!);
        _pipeline = new SessionPipelineBuilder();
        foreach (var configure in configuration.Pipeline)
        {
            configure(services, _pipeline);
        }

        if (configuration.DefaultLayers)
        {
            _pipeline.UseDefaults();
        }
    }

    public ISessionStore Store { get; }

    public async ValueTask<SessionRecorder> StartAsync(SessionStartOptions session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var sessionId = session.SessionId ?? SessionRecorder.NewSessionId();
        var storage = new SessionStorageOptions
        {
            Codec = _codec,
            AssessmentId = session.AssessmentId,
            CandidateId = session.CandidateId,
            TimeProvider = _time,
            MeterFactory = _meterFactory,
        };
        foreach (var (key, value) in _options.Environment)
        {
            storage.Environment[key] = value;
        }

        foreach (var (key, value) in session.Environment)
        {
            storage.Environment[key] = value;
        }

        var recorderOptions = new SessionRecorderOptions
        {
            SessionId = sessionId,
            TimeProvider = _time,
            Capacity = _options.RecorderCapacity,
            FullMode = _options.FullMode,
            MaxBlockEvents = _options.MaxBlockEvents,
            FlushInterval = _options.FlushInterval,
            MeterFactory = _meterFactory,
        };

        LoggingSessionSink? sink = null;
        try
        {
            var objects = await Store.CreateAsync(sessionId, cancellationToken).ConfigureAwait(false);
            sink = new LoggingSessionSink(await _pipeline.BuildAsync(objects, storage, _services, cancellationToken).ConfigureAwait(false), _logger, sessionId);
            var recorder = SessionRecorder.StartOwned(sink, sessionId, recorderOptions);
            Log.SessionStarted(_logger, sessionId, objects.Location);
            return recorder;
        }
        catch (Exception ex)
        {
            Log.SessionStartFailed(_logger, ex, sessionId);
            if (sink is not null)
            {
                await sink.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }
}
