using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nsat.Formats.Native;

/// <summary>
/// The part of YAML the native format accepts, enforced on the parser's events as the tree loader pulls
/// them: one document of plain block/flow collections and scalars (JSON included), at most
/// <see cref="MaxDepth"/> levels deep and <see cref="MaxNodes"/> nodes, with scalar mapping keys that
/// are unique, no anchors or aliases and no tags beyond the core schema's. YamlDotNet's parser is
/// iterative but its tree loader recurses once per level, so the depth is checked here, before the
/// loader goes deeper: a hostile file stops at the first event that breaks a rule, in bounded time,
/// stack and memory. Aliases are refused because they let a few hundred bytes stand for an
/// exponentially large tree.
/// </summary>
/// <param name="inner">The parser whose events are checked.</param>
/// <param name="tooLarge">Appended to the refusal of a document with too many nodes: what to do instead; null for nothing.</param>
internal sealed class YamlSubset(IParser inner, string? tooLarge = null) : IParser
{
    /// <summary>
    /// Deepest nesting of lists and mappings accepted. The format itself nests at most 8 levels
    /// (a coupling matrix row, or a segment of an STDP window); the margin leaves room for the format to grow.
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Most nodes (scalars, lists and mappings) a model text may have. A loaded node takes about 140 bytes,
    /// so the tree stays under about 300 MB; large tables belong in side files.
    /// </summary>
    public const int MaxNodes = 2_000_000;

    private const string CoreSchema = "tag:yaml.org,2002:";

    private readonly Stack<Frame> _open = new();
    private int _documents;
    private long _nodes;

    /// <inheritdoc />
    public ParsingEvent? Current => inner.Current;

    /// <summary>Where the last event accepted ends: a syntax error lies after it.</summary>
    public Mark LastEnd { get; private set; } = Mark.Empty;

    /// <inheritdoc />
    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        Check(inner.Current!);
        LastEnd = inner.Current!.End;
        return true;
    }

    private void Check(ParsingEvent e)
    {
        switch (e)
        {
            case DocumentStart when ++_documents > 1:
                throw new Refusal(e.Start, "has a second document (after '---'); a model is one YAML document");
            case AnchorAlias alias:
                throw new Refusal(e.Start, $"uses the alias *{alias.Value}; anchors and aliases are not accepted, write the value out");
            case NodeEvent n:
                CheckNode(n);
                break;
            case MappingEnd or SequenceEnd:
                _open.Pop();
                if (_open.TryPeek(out var parent) && parent.IsMapping)
                {
                    // A collection is always a value (complex keys are refused), so a key comes next.
                    parent.ExpectKey = true;
                }

                break;
        }
    }

    private void CheckNode(NodeEvent n)
    {
        if (++_nodes > MaxNodes)
        {
            throw new Refusal(n.Start, string.Create(CultureInfo.InvariantCulture, $"has more than {MaxNodes:N0} nodes (values, lists and mappings){(tooLarge is null ? string.Empty : "; " + tooLarge)}"));
        }

        if (!n.Anchor.IsEmpty)
        {
            throw new Refusal(n.Start, $"defines the anchor &{n.Anchor}; anchors and aliases are not accepted, write the value out");
        }

        if (!n.Tag.IsEmpty && !IsCoreTag(n))
        {
            throw new Refusal(n.Start, $"has the tag {n.Tag}; only the core schema's tags (!!str, !!int, !!float, !!bool, !!null on values, !!seq on lists, !!map on mappings) are accepted");
        }

        bool isKey = _open.TryPeek(out var parent) && parent.IsMapping && parent.ExpectKey;
        if (n is Scalar s)
        {
            if (isKey && !parent!.Keys.TryAdd(s.Value, s.Start.Line))
            {
                throw new Refusal(s.Start, $"repeats the key '{s.Value}' of a mapping (first at line {parent.Keys[s.Value]}); each key may appear once");
            }

            if (parent is { IsMapping: true })
            {
                parent.ExpectKey = !parent.ExpectKey;
            }

            return;
        }

        if (isKey)
        {
            throw new Refusal(n.Start, "has a list or mapping as a mapping key ('?' complex key); keys must be plain names");
        }

        if (_open.Count >= MaxDepth)
        {
            throw new Refusal(n.Start, $"nests lists and mappings deeper than {MaxDepth} levels (the format itself needs at most 8)");
        }

        _open.Push(new Frame(n is MappingStart));
    }

    private static bool IsCoreTag(NodeEvent n)
    {
        string tag = n.Tag.Value;
        if (!tag.StartsWith(CoreSchema, StringComparison.Ordinal))
        {
            return false;
        }

        return (n, tag[CoreSchema.Length..]) switch
        {
            (Scalar, "str" or "int" or "float" or "bool" or "null") => true,
            (SequenceStart, "seq") => true,
            (MappingStart, "map") => true,
            _ => false,
        };
    }

    /// <summary>An open list or mapping; for a mapping, whether a key comes next and the keys seen (with their lines).</summary>
    private sealed class Frame(bool isMapping)
    {
        private Dictionary<string, long>? _keys;

        public bool IsMapping { get; } = isMapping;

        public bool ExpectKey { get; set; } = true;

        public Dictionary<string, long> Keys => _keys ??= new(StringComparer.Ordinal);
    }

    /// <summary>A document uses something the format does not accept; the message says what, <see cref="Start"/> where.</summary>
    public sealed class Refusal(Mark start, string problem) : Exception(problem)
    {
        /// <summary>Where the refused construct starts.</summary>
        public Mark Start { get; } = start;
    }
}
