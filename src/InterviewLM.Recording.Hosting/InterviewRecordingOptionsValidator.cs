using System.Globalization;
using InterviewLM.Recording.Storage;
using Microsoft.Extensions.Options;

namespace InterviewLM.Recording.Hosting;

/// <summary>Validates <see cref="InterviewRecordingOptions"/> against what the builder configured; every problem is named.</summary>
internal sealed class InterviewRecordingOptionsValidator(InterviewRecordingConfiguration configuration, EventCodecs codecs) : IValidateOptions<InterviewRecordingOptions>
{
    public ValidateOptionsResult Validate(string? name, InterviewRecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;
        void Fail(string message) => (failures ??= []).Add(message);

        if (configuration.Store is null && string.IsNullOrWhiteSpace(options.StoreRoot))
        {
            Fail("InterviewRecordingOptions.StoreRoot is required: set it, or give a store with UseStore or UseDirectoryStore.");
        }

        if (string.IsNullOrWhiteSpace(options.Codec) || !codecs.All.Any(c => string.Equals(c.Name, options.Codec, StringComparison.OrdinalIgnoreCase)))
        {
            Fail($"InterviewRecordingOptions.Codec '{options.Codec}' is unknown; known codecs: {string.Join(", ", codecs.All.Select(c => c.Name))}.");
        }

        if (options.RecorderCapacity < 1)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"InterviewRecordingOptions.RecorderCapacity must be at least 1 (it is {options.RecorderCapacity})."));
        }

        if (options.MaxBlockEvents < 1)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"InterviewRecordingOptions.MaxBlockEvents must be at least 1 (it is {options.MaxBlockEvents})."));
        }

        if (options.FlushInterval <= TimeSpan.Zero)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"InterviewRecordingOptions.FlushInterval must be positive (it is {options.FlushInterval})."));
        }

        if (!Enum.IsDefined(options.FullMode))
        {
            Fail($"InterviewRecordingOptions.FullMode {options.FullMode} is not a RecorderFullMode.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
