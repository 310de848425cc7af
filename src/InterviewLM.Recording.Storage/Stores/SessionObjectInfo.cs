namespace InterviewLM.Recording.Storage;

/// <summary>Represents one object of a stored session.</summary>
/// <param name="Name">The object's name (a relative path with <c>/</c> between parts).</param>
/// <param name="Length">The object's length in bytes.</param>
public readonly record struct SessionObjectInfo(string Name, long Length);
