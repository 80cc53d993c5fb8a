namespace DwpFarm.Imaging;

/// <summary>The colours normalised values in [0, 1] map to.</summary>
public enum GridPalette
{
    /// <summary>Black (0) to white (1).</summary>
    Grey,

    /// <summary>Blue (0) through white (0.5) to red (1): for signed values, where the sign matters.</summary>
    Diverging,
}
