using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace InterviewLM.Recording.Diff;

/// <summary>Builds the side-by-side model viewers show (DiffPlex's <see cref="SideBySideDiffBuilder"/>), never ignoring whitespace.</summary>
public static class SideBySideDiff
{
    /// <summary>Builds the side-by-side model of two texts: aligned old and new panes with padding rows, changed lines carrying word-level pieces.</summary>
    /// <param name="oldText">The old text.</param>
    /// <param name="newText">The new text.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException">A text is <see langword="null"/>.</exception>
    public static SideBySideDiffModel Create(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        return SideBySideDiffBuilder.Diff(Differ.Instance, oldText, newText, ignoreWhiteSpace: false, ignoreCase: false);
    }
}
