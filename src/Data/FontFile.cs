namespace DwpFarm.Data;

/// <summary>A font file found on disk; its path and size make up the font-set fingerprint.</summary>
public sealed record FontFile(string Path, long Size);
