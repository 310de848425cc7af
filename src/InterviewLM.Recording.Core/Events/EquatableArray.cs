using System.Collections;
using System.Collections.Immutable;

namespace InterviewLM.Recording;

/// <summary>Represents an immutable array that compares by its elements, so event records keep value equality.</summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly ImmutableArray<T> _items;

    /// <summary>Initializes a new instance of the <see cref="EquatableArray{T}"/> struct.</summary>
    /// <param name="items">The elements.</param>
    public EquatableArray(ImmutableArray<T> items) => _items = items;

    /// <summary>Gets an empty array.</summary>
    public static EquatableArray<T> Empty => new(ImmutableArray<T>.Empty);

    /// <summary>Gets the elements as an <see cref="ImmutableArray{T}"/> (never default).</summary>
    public ImmutableArray<T> Items => _items.IsDefault ? ImmutableArray<T>.Empty : _items;

    /// <inheritdoc/>
    public int Count => Items.Length;

    /// <inheritdoc/>
    public T this[int index] => Items[index];

    /// <summary>Creates an array from the given elements.</summary>
    /// <param name="items">The elements.</param>
    /// <returns>The array.</returns>
    public static EquatableArray<T> Create(params ReadOnlySpan<T> items) => new(ImmutableArray.Create(items));

    /// <summary>Converts an <see cref="ImmutableArray{T}"/>.</summary>
    /// <param name="items">The elements.</param>
    public static implicit operator EquatableArray<T>(ImmutableArray<T> items) => new(items);

    /// <summary>Converts an array.</summary>
    /// <param name="items">The elements.</param>
    public static implicit operator EquatableArray<T>(T[] items) => new(ImmutableArray.Create(items));

    /// <inheritdoc/>
    public bool Equals(EquatableArray<T> other) => Items.AsSpan().SequenceEqual(other.Items.AsSpan());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <summary>Compares two arrays element by element.</summary>
    /// <param name="left">The first array.</param>
    /// <param name="right">The second array.</param>
    /// <returns><see langword="true"/> when both hold equal elements in the same order.</returns>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Compares two arrays element by element.</summary>
    /// <param name="left">The first array.</param>
    /// <param name="right">The second array.</param>
    /// <returns><see langword="true"/> when the arrays differ.</returns>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <summary>Returns an enumerator over the elements.</summary>
    /// <returns>The enumerator.</returns>
    public ImmutableArray<T>.Enumerator GetEnumerator() => Items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)Items).GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => $"[{string.Join(", ", Items)}]";
}
