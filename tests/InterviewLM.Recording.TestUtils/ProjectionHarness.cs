using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Testing;

namespace InterviewLM.Recording.TestUtils;

/// <summary>Runs a projection both ways: as a pipeline layer while a session is recorded, and rebuilt from the stored stream afterwards.</summary>
public static class ProjectionHarness
{
    /// <summary>Records <paramref name="events"/> (in blocks of <paramref name="blockSize"/>) through a pipeline with the layer, then rebuilds the projection from the stored session into other objects.</summary>
    /// <param name="events">The events, in stream order (a session start first).</param>
    /// <param name="useLayer">Adds the layer under test, for example <c>b =&gt; b.UseTerminalCast()</c>.</param>
    /// <param name="createProjection">Creates the same projection for the rebuild.</param>
    /// <param name="blockSize">Events per block written to the pipeline.</param>
    /// <returns>The recorded session's objects and the objects the rebuild wrote.</returns>
    public static async Task<(InMemorySessionObjects Recorded, InMemorySessionObjects Rebuilt)> RecordAndRebuildAsync(
        IReadOnlyList<RecordedEvent> events,
        Func<SessionPipelineBuilder, SessionPipelineBuilder> useLayer,
        Func<ISessionProjection> createProjection,
        int blockSize = 7)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(useLayer);
        ArgumentNullException.ThrowIfNull(createProjection);
        var recorded = new InMemorySessionObjects("mem://recorded");
        await using (var sink = await useLayer(new SessionPipelineBuilder()).BuildAsync(recorded))
        {
            for (var i = 0; i < events.Count; i += blockSize)
            {
                await sink.WriteAsync(events.Skip(i).Take(blockSize).ToArray());
            }

            await sink.CompleteAsync();
        }

        var stored = await StoredSession.OpenAsync(recorded);
        var rebuilt = new InMemorySessionObjects("mem://rebuilt");
        await SessionProjections.RebuildAsync(stored, rebuilt, [createProjection()]);
        return (recorded, rebuilt);
    }

    /// <summary>Gets the names of the objects other than the session's own (metadata, index, events): what projections wrote.</summary>
    /// <param name="objects">The objects.</param>
    /// <returns>The names, sorted ordinally.</returns>
    public static async Task<List<string>> ProjectionNamesAsync(IReadOnlySessionObjects objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var names = new List<string>();
        await foreach (var info in objects.ListAsync())
        {
            if (info.Name is not (SessionObjectNames.Metadata or SessionObjectNames.Index) && !info.Name.StartsWith("events.", StringComparison.Ordinal))
            {
                names.Add(info.Name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
