using System.ComponentModel.DataAnnotations;

namespace DwpFarm.Silo;

/// <summary>The optional Orleans dashboard, served at <c>/dashboard</c> behind HTTP basic authentication.</summary>
public sealed class FarmDashboardOptions
{
    public const string SectionName = "Farm:Dashboard";

    public bool Enabled { get; set; }

    [Required]
    public string User { get; set; } = "admin";

    /// <summary>Required when enabled; from a secret or the environment (<c>Farm__Dashboard__Password</c>).</summary>
    public string? Password { get; set; }
}
