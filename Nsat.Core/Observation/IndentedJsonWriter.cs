using System.Globalization;
using System.Text;

namespace Nsat.Observation;

/// <summary>
/// Writes one indented JSON document (two spaces per level, lines ended by <see cref="Environment.NewLine"/>) with exactly the bytes of System.Text.Json's
/// <c>Utf8JsonWriter</c> with <c>Indented = true</c> and its default encoder, for the calls offered here:
/// numbers in the shortest form that reads back to the same value, strings and names escaped as that
/// encoder escapes them (quotes, backslashes, control characters, <c>&lt; &gt; &amp; ' + `</c> and every
/// character outside ASCII as <c>\uXXXX</c>), so the text is pure ASCII.
/// <para>
/// Why not <c>Utf8JsonWriter</c> itself: a run writes its small reports (energy.json, summary.json) as its
/// last step, and the first use of System.Text.Json in a process (loading it and setting up its encoder)
/// took 10–20 ms of a run that otherwise needs no part of it (docs/performance.md).
/// </para>
/// <para>
/// The document is built in memory and written to the stream by <see cref="Dispose"/> (or <see cref="Flush"/>).
/// Misuse (a value without a name inside an object, an unbalanced end) throws <see cref="InvalidOperationException"/>.
/// </para>
/// </summary>
public sealed class IndentedJsonWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly StringBuilder _text = new();

    // Per open container, innermost last: whether it is an object (else an array) and whether it holds an
    // item yet. Plain arrays: a list of tuples is generic code compiled at run time, in every run.
    private bool[] _isObject = new bool[8];
    private bool[] _hasItems = new bool[8];
    private int _depth;
    private bool _afterName;
    private bool _flushed;

    /// <summary>Creates a writer whose document goes to <paramref name="stream"/> (left open).</summary>
    public IndentedJsonWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <summary>Starts an object as a value (the document itself, an array item, or after <see cref="WritePropertyName"/>).</summary>
    public void WriteStartObject()
    {
        BeginValue();
        _text.Append('{');
        Push(isObject: true);
    }

    /// <summary>Starts an object as the property <paramref name="name"/> of the current object.</summary>
    public void WriteStartObject(string name)
    {
        WritePropertyName(name);
        WriteStartObject();
    }

    /// <summary>Ends the innermost object.</summary>
    public void WriteEndObject() => End(isObject: true, '}');

    /// <summary>Starts an array as the property <paramref name="name"/> of the current object.</summary>
    public void WriteStartArray(string name)
    {
        WritePropertyName(name);
        BeginValue();
        _text.Append('[');
        Push(isObject: false);
    }

    /// <summary>Ends the innermost array.</summary>
    public void WriteEndArray() => End(isObject: false, ']');

    /// <summary>Writes the name of the next property of the current object; its value follows.</summary>
    public void WritePropertyName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_depth == 0 || !_isObject[_depth - 1] || _afterName)
        {
            throw new InvalidOperationException($"a property name ('{name}') can only be written inside an object, before its value");
        }

        NextItem();
        WriteQuoted(name);
        _text.Append(": ");
        _afterName = true;
    }

    /// <summary>Writes the property <paramref name="name"/> with a number value.</summary>
    public void WriteNumber(string name, long value)
    {
        WritePropertyName(name);
        WriteNumberValue(value);
    }

    /// <summary>Writes the property <paramref name="name"/> with a number value (finite; see <see cref="WriteNumberValue(double)"/>).</summary>
    public void WriteNumber(string name, double value)
    {
        CheckFinite(value);
        WritePropertyName(name);
        WriteNumberValue(value);
    }

    /// <summary>Writes a number value (an array item or a property's value).</summary>
    public void WriteNumberValue(long value)
    {
        BeginValue();
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Writes a number value in the shortest form that reads back to the same double (as .NET formats it,
    /// e.g. <c>0.1</c>, <c>1E-05</c>). JSON has no NaN or infinity: those throw <see cref="ArgumentException"/>.
    /// </summary>
    public void WriteNumberValue(double value)
    {
        CheckFinite(value);
        BeginValue();
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Writes the property <paramref name="name"/> with a string value.</summary>
    public void WriteString(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        WritePropertyName(name);
        BeginValue();
        WriteQuoted(value);
    }

    /// <summary>Writes the property <paramref name="name"/> with the value null.</summary>
    public void WriteNull(string name)
    {
        WritePropertyName(name);
        WriteNullValue();
    }

    /// <summary>Writes the value null.</summary>
    public void WriteNullValue()
    {
        BeginValue();
        _text.Append("null");
    }

    /// <summary>Writes the document to the stream (once; the document must be complete).</summary>
    public void Flush()
    {
        if (_flushed)
        {
            return;
        }

        if (_depth > 0 || _text.Length == 0)
        {
            throw new InvalidOperationException("the JSON document is incomplete");
        }

        // Every character is ASCII after escaping, so each is one byte.
        var bytes = new byte[_text.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)_text[i];
        }

        _stream.Write(bytes);
        _stream.Flush();
        _flushed = true;
    }

    /// <summary>Writes the document (see <see cref="Flush"/>) unless nothing was written.</summary>
    public void Dispose()
    {
        if (_text.Length > 0 && _depth == 0)
        {
            Flush();
        }
    }

    private static void CheckFinite(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{value} cannot be written as a JSON number", nameof(value));
        }
    }

    /// <summary>Starts a value: after a property name, as an array item, or as the document itself.</summary>
    private void BeginValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_depth == 0)
        {
            if (_text.Length > 0)
            {
                throw new InvalidOperationException("a JSON document holds one value");
            }

            return;
        }

        if (_isObject[_depth - 1])
        {
            throw new InvalidOperationException("a value inside an object needs a property name");
        }

        NextItem();
    }

    /// <summary>The separator and indentation before the next item of the innermost container.</summary>
    private void NextItem()
    {
        if (_hasItems[_depth - 1])
        {
            _text.Append(',');
        }

        _hasItems[_depth - 1] = true;
        NewLine(_depth);
    }

    private void End(bool isObject, char close)
    {
        if (_depth == 0 || _isObject[_depth - 1] != isObject || _afterName)
        {
            throw new InvalidOperationException($"'{close}' does not close the innermost open container");
        }

        _depth--;
        if (_hasItems[_depth])
        {
            NewLine(_depth);
        }

        _text.Append(close);
    }

    private void Push(bool isObject)
    {
        if (_depth == _isObject.Length)
        {
            var o = new bool[2 * _depth];
            var h = new bool[2 * _depth];
            _isObject.CopyTo(o, 0);
            _hasItems.CopyTo(h, 0);
            (_isObject, _hasItems) = (o, h);
        }

        _isObject[_depth] = isObject;
        _hasItems[_depth] = false;
        _depth++;
    }

    private void NewLine(int depth)
    {
        // Utf8JsonWriter's default line ending.
        _text.Append(Environment.NewLine);
        for (int i = 0; i < depth; i++)
        {
            _text.Append("  ");
        }
    }

    /// <summary>A quoted string, escaped as the default encoder of System.Text.Json escapes it.</summary>
    private void WriteQuoted(string s)
    {
        _text.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '\b': _text.Append("\\b"); break;
                case '\t': _text.Append("\\t"); break;
                case '\n': _text.Append("\\n"); break;
                case '\f': _text.Append("\\f"); break;
                case '\r': _text.Append("\\r"); break;
                case '\\': _text.Append("\\\\"); break;
                default:
                    if (c < 0x20 || c >= 0x7F || c is '"' or '&' or '\'' or '+' or '<' or '>' or '`')
                    {
                        _text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        _text.Append(c);
                    }

                    break;
            }
        }

        _text.Append('"');
    }
}
