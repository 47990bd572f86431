namespace ExtProcRouter.IntentModel.Tokenizer;

/// <summary>
/// A trie over the code points of the vocabulary's pieces, built once. Edges live in one flat open-addressing
/// table keyed by (node, code point) so that a lookup allocates nothing and touches one or two cache lines.
/// </summary>
internal sealed class PieceTrie
{
    public const int Root = 0;
    public const int None = -1;

    private const long EmptyKey = -1;
    private const int CodePointBits = 21; // U+10FFFF fits in 21 bits

    private readonly long[] _keys;
    private readonly int[] _children;
    private readonly int _mask;
    private readonly int _shift;
    private readonly int[] _pieceAtNode;

    /// <param name="pieces">Piece strings by id.</param>
    /// <param name="firstId">Ids below this are reserved (control symbols) and never matched.</param>
    public PieceTrie(IReadOnlyList<string> pieces, int firstId)
    {
        // Each code point of each piece adds at most one node.
        var maxNodes = 1;
        for (var id = firstId; id < pieces.Count; id++)
        {
            maxNodes += pieces[id].Length;
        }
        var capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, maxNodes * 2));
        _keys = new long[capacity];
        Array.Fill(_keys, EmptyKey);
        _children = new int[capacity];
        _mask = capacity - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)capacity);
        var pieceAtNode = new int[maxNodes];
        Array.Fill(pieceAtNode, None);

        var nodeCount = 1;
        for (var id = firstId; id < pieces.Count; id++)
        {
            var node = Root;
            foreach (var rune in pieces[id].EnumerateRunes())
            {
                var child = Child(node, rune.Value);
                if (child == None)
                {
                    child = nodeCount++;
                    Insert(node, rune.Value, child);
                }
                node = child;
            }
            if (node != Root)
            {
                // A piece listed twice keeps its last id and score, as the reference tokenizer's trie does.
                pieceAtNode[node] = id;
            }
        }
        _pieceAtNode = pieceAtNode[..nodeCount];
    }

    public int NodeCount => _pieceAtNode.Length;

    /// <summary>The child of <paramref name="node"/> along <paramref name="codePoint"/>, or <see cref="None"/>.</summary>
    public int Child(int node, int codePoint)
    {
        var key = ((long)node << CodePointBits) | (uint)codePoint;
        var slot = Slot(key);
        while (true)
        {
            var found = _keys[slot];
            if (found == key)
            {
                return _children[slot];
            }
            if (found == EmptyKey)
            {
                return None;
            }
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>The id of the piece that ends at <paramref name="node"/>, or <see cref="None"/>.</summary>
    public int PieceAt(int node) => _pieceAtNode[node];

    private void Insert(int node, int codePoint, int child)
    {
        var key = ((long)node << CodePointBits) | (uint)codePoint;
        var slot = Slot(key);
        while (_keys[slot] != EmptyKey)
        {
            slot = (slot + 1) & _mask;
        }
        _keys[slot] = key;
        _children[slot] = child;
    }

    // Fibonacci hashing: the top bits of the product spread consecutive node numbers well.
    private int Slot(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);
}
