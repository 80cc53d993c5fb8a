using System.Security.Cryptography;
using System.Text;

namespace DwpFarm.Pipeline.Import;

/// <summary>
/// The SHA-256 of files in the authors' layout: each file's path in the layout, its length and its bytes, in the order
/// added, so that moving a file or cutting one short changes it as surely as changing a value does.
/// </summary>
public sealed class LayoutFingerprint : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void Add(string relativePath, byte[] bytes)
    {
        _hash.AppendData(Encoding.UTF8.GetBytes($"{relativePath}\n{bytes.Length}\n"));
        _hash.AppendData(bytes);
    }

    /// <summary>The fingerprint so far, in lower-case hex; the files added stay counted.</summary>
    public string Hex() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    public void Dispose() => _hash.Dispose();
}
