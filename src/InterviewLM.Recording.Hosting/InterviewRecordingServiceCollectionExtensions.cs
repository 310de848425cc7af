using InterviewLM.Recording.Hosting;
using InterviewLM.Recording.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the InterviewLM.Recording services: an <see cref="ISessionRecorderFactory"/> on the default pipeline.</summary>
public static class InterviewRecordingServiceCollectionExtensions
{
    /// <summary>Adds the recording services; set <see cref="InterviewRecordingOptions.StoreRoot"/> through configuration or give a store on the builder.</summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder to configure the store and the pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static InterviewRecordingBuilder AddInterviewRecording(this IServiceCollection services) =>
        AddInterviewRecordingCore(services, null);

    /// <summary>Adds the recording services with settings.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to configure the store and the pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static InterviewRecordingBuilder AddInterviewRecording(this IServiceCollection services, Action<InterviewRecordingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddInterviewRecordingCore(services, configure);
    }

    /// <summary>Adds the recording services storing sessions as folders under <paramref name="storeRoot"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="storeRoot">The folder sessions are stored in.</param>
    /// <returns>A builder to configure the pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="storeRoot"/> is <see langword="null"/>.</exception>
    public static InterviewRecordingBuilder AddInterviewRecording(this IServiceCollection services, string storeRoot)
    {
        ArgumentNullException.ThrowIfNull(storeRoot);
        return AddInterviewRecordingCore(services, options => options.StoreRoot = storeRoot);
    }

    private static InterviewRecordingBuilder AddInterviewRecordingCore(IServiceCollection services, Action<InterviewRecordingOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<InterviewRecordingOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();

        // One configuration per service collection: a second call adds to the first one's builder.
        var configuration = services.FirstOrDefault(d => d.ServiceType == typeof(InterviewRecordingConfiguration))?.ImplementationInstance as InterviewRecordingConfiguration;
        if (configuration is null)
        {
            configuration = new InterviewRecordingConfiguration();
            services.AddSingleton(configuration);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InterviewRecordingOptions>, InterviewRecordingOptionsValidator>());
        services.TryAddSingleton(EventCodecs.Default);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISessionRecorderFactory, SessionRecorderFactory>();
        return new InterviewRecordingBuilder(services, configuration);
    }
}
