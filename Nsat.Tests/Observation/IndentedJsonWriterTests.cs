using System.Text;
using System.Text.Json;
using Nsat.Observation;

namespace Nsat.Tests.Observation;

/// <summary>
/// The JSON writer of energy.json and summary.json writes the same bytes as System.Text.Json's
/// Utf8JsonWriter (indented, default encoder) for every call it offers: the same calls are made on both.
/// </summary>
public sealed class IndentedJsonWriterTests
{
    /// <summary>One call made on both writers.</summary>
    private sealed record Call(Action<IndentedJsonWriter> Ours, Action<Utf8JsonWriter> Theirs);

    private static (string Ours, string Theirs) Write(IEnumerable<Call> calls)
    {
        var list = calls.ToList();
        var a = new MemoryStream();
        using (var w = new IndentedJsonWriter(a))
        {
            list.ForEach(c => c.Ours(w));
        }

        var b = new MemoryStream();
        using (var w = new Utf8JsonWriter(b, new JsonWriterOptions { Indented = true }))
        {
            list.ForEach(c => c.Theirs(w));
        }

        return (Encoding.UTF8.GetString(a.ToArray()), Encoding.UTF8.GetString(b.ToArray()));
    }

    private static Call StartObject() => new(w => w.WriteStartObject(), w => w.WriteStartObject());

    private static Call EndObject() => new(w => w.WriteEndObject(), w => w.WriteEndObject());

    [Test]
    public void Every_call_nested_and_empty_containers_give_the_same_document()
    {
        var calls = new List<Call>
        {
            StartObject(),
            new(w => w.WriteNumber("int", -5), w => w.WriteNumber("int", -5)),
            new(w => w.WriteNumber("long", long.MinValue), w => w.WriteNumber("long", long.MinValue)),
            new(w => w.WriteNumber("double", 0.1), w => w.WriteNumber("double", 0.1)),
            new(w => w.WriteString("text", "nsat-28nm"), w => w.WriteString("text", "nsat-28nm")),
            new(w => w.WriteNull("nothing"), w => w.WriteNull("nothing")),
            new(w => w.WriteStartObject("empty_object"), w => w.WriteStartObject("empty_object")),
            EndObject(),
            new(w => w.WriteStartArray("empty_array"), w => w.WriteStartArray("empty_array")),
            new(w => w.WriteEndArray(), w => w.WriteEndArray()),
            new(w => w.WriteStartArray("numbers"), w => w.WriteStartArray("numbers")),
            new(w => w.WriteNumberValue(1L), w => w.WriteNumberValue(1L)),
            new(w => w.WriteNumberValue(2.5), w => w.WriteNumberValue(2.5)),
            new(w => w.WriteNullValue(), w => w.WriteNullValue()),
            new(w => w.WriteEndArray(), w => w.WriteEndArray()),
            new(w => w.WritePropertyName("inner"), w => w.WritePropertyName("inner")),
            StartObject(),
            new(w => w.WriteStartObject("deeper"), w => w.WriteStartObject("deeper")),
            new(w => w.WriteNumber("x", 3L), w => w.WriteNumber("x", 3L)),
            EndObject(),
            new(w => w.WritePropertyName("null_value"), w => w.WritePropertyName("null_value")),
            new(w => w.WriteNullValue(), w => w.WriteNullValue()),
            EndObject(),
            EndObject(),
        };

        var (ours, theirs) = Write(calls);
        Assert.That(ours, Is.EqualTo(theirs));
        Assert.That(ours, Does.Contain("\"deeper\": {"));
    }

    [Test]
    public void Strings_and_names_are_escaped_as_the_default_encoder_escapes_them()
    {
        var every = new StringBuilder();
        for (int c = 0; c < 0x80; c++)
        {
            every.Append((char)c);
        }

        // Outside ASCII: Latin, the euro sign, a surrogate pair, a line separator, the replacement character.
        every.Append("é€😀\u2028\uFFFD");
        string s = every.ToString();
        var (ours, theirs) = Write(
        [
            StartObject(),
            new(w => w.WriteString("all", s), w => w.WriteString("all", s)),
            new(w => w.WriteString(s, "as a name"), w => w.WriteString(s, "as a name")),
            new(w => w.WriteString("path", "/data/run \"1\"/profile.yaml"), w => w.WriteString("path", "/data/run \"1\"/profile.yaml")),
            EndObject(),
        ]);
        Assert.That(ours, Is.EqualTo(theirs));
        Assert.That(ours.All(c => c < 0x80), Is.True, "escaped text is ASCII");
    }

    [Test]
    public void Numbers_are_written_in_the_same_shortest_form()
    {
        var r = new System.Random(11);
        var doubles = new List<double> { 0.0, -0.0, 1.0, 1e-5, 1.5e-7, 1e15, 1e16, 1e21, 123456789012345678.0, double.MaxValue, double.MinValue, double.Epsilon, 2.5e-308, 1.0 / 3, 0.00017157626369999999 };
        while (doubles.Count < 2000)
        {
            // Random bit patterns cover every exponent; NaN and infinities are not JSON numbers.
            double d = BitConverter.Int64BitsToDouble(r.NextInt64(long.MinValue, long.MaxValue));
            if (double.IsFinite(d))
            {
                doubles.Add(d);
            }

            doubles.Add(r.NextDouble() * Math.Pow(10, r.Next(-12, 12)));
        }

        var longs = new List<long> { 0, 1, -1, long.MaxValue, long.MinValue, int.MaxValue };
        for (int i = 0; i < 500; i++)
        {
            longs.Add(r.NextInt64(long.MinValue, long.MaxValue));
        }

        var calls = new List<Call> { StartObject() };
        calls.AddRange(doubles.Select(d => new Call(w => w.WriteNumber("d", d), w => w.WriteNumber("d", d))));
        calls.AddRange(longs.Select(l => new Call(w => w.WriteNumber("l", l), w => w.WriteNumber("l", l))));
        calls.Add(EndObject());
        var (ours, theirs) = Write(calls);
        Assert.That(ours, Is.EqualTo(theirs));
    }

    [Test]
    public void Misuse_and_values_JSON_cannot_hold_are_refused()
    {
        var w = new IndentedJsonWriter(new MemoryStream());
        Assert.Throws<InvalidOperationException>(() => w.WriteNumber("outside an object", 1L));
        w.WriteStartObject();
        Assert.Throws<InvalidOperationException>(() => w.WriteNumberValue(1L), "a value without a name inside an object");
        Assert.Throws<InvalidOperationException>(() => w.WriteEndArray(), "an array end closing an object");
        Assert.Throws<ArgumentException>(() => w.WriteNumber("nan", double.NaN));
        Assert.Throws<InvalidOperationException>(() => w.Flush(), "an incomplete document");
        w.WriteEndObject();
        Assert.Throws<InvalidOperationException>(() => w.WriteStartObject(), "a second document");
    }
}
