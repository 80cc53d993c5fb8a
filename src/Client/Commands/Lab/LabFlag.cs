namespace DwpFarm.Client.Commands.Lab;

/// <summary>A <c>lab</c> experiment flag: its name, whether it was given, and the spec fields it sets.</summary>
public sealed record LabFlag(string Name, bool Given, params string[] Fields);
