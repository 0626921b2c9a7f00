namespace PaperMail.Core.Matching.Index;

/// <summary>A growable int array that hands out its storage without a copy (List&lt;int&gt; would copy on ToArray).</summary>
internal sealed class IntBuffer(int capacity = 1024)
{
    private int[] _items = new int[Math.Max(capacity, 16)];

    public int Count { get; private set; }

    public int this[int index]
    {
        get => _items[index];
        set => _items[index] = value;
    }

    public void Add(int value)
    {
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[Count++] = value;
    }

    /// <summary>The filled part, trimmed to size (one copy, at build time).</summary>
    public int[] ToTrimmedArray()
    {
        if (_items.Length != Count) Array.Resize(ref _items, Count);
        return _items;
    }
}
