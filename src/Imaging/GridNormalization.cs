namespace DwpFarm.Imaging;

/// <summary>How tile values become shades.</summary>
public enum GridNormalization
{
    /// <summary>Values are already in [0, 1] (byte images divided by 255); clamped.</summary>
    Unit,

    /// <summary>Each tile stretched from its own minimum to its own maximum.</summary>
    MinMaxPerTile,

    /// <summary>Each tile scaled by its own largest magnitude, so 0 sits mid-scale: signed values such as conv kernels.</summary>
    SymmetricPerTile,

    /// <summary>As <see cref="SymmetricPerTile"/> with one magnitude for the whole grid, so tiles compare.</summary>
    SymmetricGrid,
}
