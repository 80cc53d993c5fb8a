using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace DwpFarm.Data;

/// <summary>
/// Reads glyph names from a font's CFF charset or its <c>post</c> table. Skia does not expose them,
/// and they are the one reliable sign of what a glyph is: a symbol font maps the code point of
/// "A" to a glyph named "Alpha" or "a10", a Latin font to one named "A".
/// </summary>
internal static class GlyphNames
{
    private const uint CffTag = 0x43464620; // "CFF "
    private const uint PostTag = 0x706F7374; // "post"
    private const int CffStandardStrings = 391;
    private const int MacStandardNames = 258;

    /// <summary>
    /// The names of the glyphs, or null when the font carries no names this reader understands
    /// (post format 3 without CFF, CID-keyed or CFF2 fonts, malformed tables). Standard names other
    /// than the ASCII letters come back as placeholders such as <c>sid:12</c>.
    /// </summary>
    public static string[]? Read(SKTypeface typeface, IReadOnlyList<ushort> glyphs)
    {
        try
        {
            if (typeface.TryGetTableData(CffTag, out var cff) && FromCff(cff, glyphs) is { } names)
            {
                return names;
            }

            return typeface.TryGetTableData(PostTag, out var post) ? FromPost(post, glyphs) : null;
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>True if the name is that of the letter, or a variant of it ("A.ss01", "A_alt", "uni0041").</summary>
    public static bool NamesLetter(string name, char letter) =>
        name.Length > 0
        && (name == letter.ToString()
            || ((name.StartsWith(letter) && name.Length > 1) && name[1] is '.' or '_')
            || name.Equals($"uni{(int)letter:X4}", StringComparison.Ordinal)
            || name.Equals($"u{(int)letter:X4}", StringComparison.Ordinal));

    private static string[]? FromCff(byte[] cff, IReadOnlyList<ushort> glyphs)
    {
        var pos = (int)cff[2];
        _ = Index(cff, ref pos); // names
        var topDicts = Index(cff, ref pos);
        var strings = Index(cff, ref pos);
        if (cff[0] != 1 || topDicts.Count == 0)
        {
            return null;
        }

        var top = Dict(cff, topDicts[0]);
        const int rosOperator = 1230;
        const int charsetOperator = 15;
        const int charStringsOperator = 17;
        if (top.ContainsKey(rosOperator) || !top.TryGetValue(charStringsOperator, out var charStrings))
        {
            // CID-keyed: the charset holds CIDs, not names.
            return null;
        }

        var charStringsPos = charStrings[0];
        var glyphCount = Index(cff, ref charStringsPos).Count;
        var charset = top.TryGetValue(charsetOperator, out var operands) ? operands[0] : 0;
        var sids = Sids(cff, charset, glyphCount);
        if (sids is null)
        {
            return null;
        }

        return glyphs.Select(g =>
        {
            var sid = g < sids.Length ? sids[g] : 0;
            return sid >= CffStandardStrings
                ? Encoding.ASCII.GetString(cff.AsSpan(strings[sid - CffStandardStrings]))
                : StandardLetter(sid, upperA: 34, lowerA: 66) ?? $"sid:{sid}";
        }).ToArray();
    }

    /// <summary>The string id of every glyph; null for the predefined expert charsets (no letters there).</summary>
    private static int[]? Sids(byte[] cff, int charset, int glyphCount)
    {
        var sids = new int[glyphCount];
        if (charset == 0)
        {
            // ISOAdobe: glyph i is named by standard string i.
            for (var g = 0; g < glyphCount; g++)
            {
                sids[g] = g;
            }

            return sids;
        }

        if (charset is 1 or 2)
        {
            return null;
        }

        var format = cff[charset];
        var pos = charset + 1;
        var gid = 1;
        while (gid < glyphCount)
        {
            if (format == 0)
            {
                sids[gid++] = BinaryPrimitives.ReadUInt16BigEndian(cff.AsSpan(pos));
                pos += 2;
                continue;
            }

            var first = BinaryPrimitives.ReadUInt16BigEndian(cff.AsSpan(pos));
            var left = format == 1 ? cff[pos + 2] : BinaryPrimitives.ReadUInt16BigEndian(cff.AsSpan(pos + 2));
            pos += format == 1 ? 3 : 4;
            for (var k = 0; k <= left && gid < glyphCount; k++)
            {
                sids[gid++] = first + k;
            }
        }

        return sids;
    }

    private static string[]? FromPost(byte[] post, IReadOnlyList<ushort> glyphs)
    {
        var version = BinaryPrimitives.ReadUInt32BigEndian(post);
        if (version == 0x00010000)
        {
            // Format 1: the glyphs are the 258 standard Macintosh glyphs in their standard order.
            return glyphs.Select(g => StandardLetter(g, upperA: 36, lowerA: 68) ?? $"mac:{g}").ToArray();
        }

        if (version != 0x00020000)
        {
            return null;
        }

        var count = BinaryPrimitives.ReadUInt16BigEndian(post.AsSpan(32));
        var indices = new int[count];
        for (var g = 0; g < count; g++)
        {
            indices[g] = BinaryPrimitives.ReadUInt16BigEndian(post.AsSpan(34 + (2 * g)));
        }

        var custom = new List<string>();
        for (var pos = 34 + (2 * count); pos < post.Length; pos += 1 + post[pos])
        {
            custom.Add(Encoding.ASCII.GetString(post.AsSpan(pos + 1, post[pos])));
        }

        return glyphs.Select(g =>
        {
            var index = g < count ? indices[g] : 0;
            return index >= MacStandardNames ? custom[index - MacStandardNames] : StandardLetter(index, upperA: 36, lowerA: 68) ?? $"mac:{index}";
        }).ToArray();
    }

    /// <summary>A–Z and a–z sit in two runs of both standard name lists; nothing else is needed here.</summary>
    private static string? StandardLetter(int index, int upperA, int lowerA) => index switch
    {
        _ when index >= upperA && index < upperA + 26 => ((char)('A' + index - upperA)).ToString(),
        _ when index >= lowerA && index < lowerA + 26 => ((char)('a' + index - lowerA)).ToString(),
        _ => null,
    };

    /// <summary>The items of a CFF INDEX at <paramref name="pos"/>, which moves past it.</summary>
    private static List<Range> Index(byte[] cff, ref int pos)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(cff.AsSpan(pos));
        if (count == 0)
        {
            pos += 2;
            return [];
        }

        var offSize = cff[pos + 2];
        var offsets = new int[count + 1];
        for (var i = 0; i <= count; i++)
        {
            var at = pos + 3 + (i * offSize);
            for (var b = 0; b < offSize; b++)
            {
                offsets[i] = (offsets[i] << 8) | cff[at + b];
            }
        }

        // Offsets count from 1, relative to the byte before the data.
        var dataStart = pos + 3 + ((count + 1) * offSize) - 1;
        pos = dataStart + offsets[count];
        return Enumerable.Range(0, count).Select(i => new Range(dataStart + offsets[i], dataStart + offsets[i + 1])).ToList();
    }

    /// <summary>A CFF DICT: operator (escaped ones as 1200 + b) to its integer operands; reals read as 0.</summary>
    private static Dictionary<int, List<int>> Dict(byte[] cff, Range range)
    {
        var (start, length) = range.GetOffsetAndLength(cff.Length);
        var dict = new Dictionary<int, List<int>>();
        var operands = new List<int>();
        for (var pos = start; pos < start + length;)
        {
            int b0 = cff[pos++];
            switch (b0)
            {
                case <= 21:
                    dict[b0 == 12 ? 1200 + cff[pos++] : b0] = operands;
                    operands = [];
                    break;
                case 28:
                    operands.Add(BinaryPrimitives.ReadInt16BigEndian(cff.AsSpan(pos)));
                    pos += 2;
                    break;
                case 29:
                    operands.Add(BinaryPrimitives.ReadInt32BigEndian(cff.AsSpan(pos)));
                    pos += 4;
                    break;
                case 30:
                    while ((cff[pos] & 0x0f) != 0x0f && (cff[pos] & 0xf0) != 0xf0)
                    {
                        pos++;
                    }

                    pos++;
                    operands.Add(0);
                    break;
                case >= 32 and <= 246:
                    operands.Add(b0 - 139);
                    break;
                case >= 247 and <= 250:
                    operands.Add(((b0 - 247) * 256) + cff[pos++] + 108);
                    break;
                case >= 251 and <= 254:
                    operands.Add((-(b0 - 251) * 256) - cff[pos++] - 108);
                    break;
                default:
                    throw new ArgumentException($"reserved CFF DICT byte {b0}");
            }
        }

        return dict;
    }
}
