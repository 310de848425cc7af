using InterviewLM.Recording.Storage.Gzip;
using InterviewLM.Recording.Storage.Jsonl;

namespace InterviewLM.Recording.Storage;

/// <summary>Finds codecs by name and recognizes a stream's codec from its first bytes.</summary>
public sealed class EventCodecs
{
    private readonly List<IEventCodec> _codecs;

    /// <summary>Initializes a new instance of the <see cref="EventCodecs"/> class.</summary>
    /// <param name="codecs">The codecs, most specific detection first.</param>
    /// <exception cref="ArgumentNullException"><paramref name="codecs"/> is <see langword="null"/>.</exception>
    public EventCodecs(IEnumerable<IEventCodec> codecs)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        _codecs = [.. codecs];
    }

    /// <summary>Gets the codecs of this package: gzip JSONL and JSONL. Other packages add theirs with <see cref="With"/>.</summary>
    public static EventCodecs Default { get; } = new([GzipJsonlCodec.Instance, JsonlCodec.Instance]);

    /// <summary>Gets the registered codecs.</summary>
    public IReadOnlyList<IEventCodec> All => _codecs;

    /// <summary>Returns a registry with <paramref name="codec"/> added in front (so its detection is tried first).</summary>
    /// <param name="codec">The codec.</param>
    /// <returns>The new registry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="codec"/> is <see langword="null"/>.</exception>
    public EventCodecs With(IEventCodec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return new EventCodecs([codec, .. _codecs.Where(c => c.Name != codec.Name)]);
    }

    /// <summary>Gets a codec by name.</summary>
    /// <param name="name">The name, for example <c>jsonl-gz</c>.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">No codec has that name.</exception>
    public IEventCodec Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _codecs.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown codec '{name}'. Known codecs: {string.Join(", ", _codecs.Select(c => c.Name))}.", nameof(name));
    }

    /// <summary>Recognizes the codec of a stream from its first bytes.</summary>
    /// <param name="prefix">Up to the first 16 bytes.</param>
    /// <returns>The codec, or <see langword="null"/> when none recognizes the bytes.</returns>
    public IEventCodec? Detect(ReadOnlySpan<byte> prefix)
    {
        foreach (var codec in _codecs)
        {
            if (codec.IsMatch(prefix))
            {
                return codec;
            }
        }

        return null;
    }

    /// <summary>Recognizes the codec of a file from its first bytes.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="InvalidDataException">No codec recognizes the file.</exception>
    public IEventCodec Detect(string path)
    {
        Span<byte> prefix = stackalloc byte[16];
        int read;
        using (var file = File.OpenRead(path))
        {
            read = file.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        }

        return Detect(prefix[..read]) ?? throw new InvalidDataException($"'{path}' is in no known event format (first bytes {Convert.ToHexString(prefix[..read])}).");
    }
}
