using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace DwpFarm.Deploy.Tests;

/// <summary>
/// Renders a kustomization with the <c>kustomize</c> program (Debian package kustomize), once
/// per folder per test run.
/// </summary>
internal static class Kustomize
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly ConcurrentDictionary<string, Lazy<Task<Manifests>>> Rendered = new(StringComparer.Ordinal);

    /// <summary>The overlays a user applies.</summary>
    public static readonly string[] Overlays = ["overlays/cpu", "overlays/gpu", ExternalPostgres];

    /// <summary>The overlays that run PostgreSQL in the cluster, with its nightly backup.</summary>
    public static readonly string[] InClusterDatabase = ["overlays/cpu", "overlays/gpu"];

    /// <summary>The cpu overlay on a PostgreSQL outside the cluster.</summary>
    public const string ExternalPostgres = "overlays/external-postgres";

    public static Task<Manifests> BuildAsync(string folderUnderK8s) =>
        Rendered.GetOrAdd(folderUnderK8s, f => new Lazy<Task<Manifests>>(() => RenderAsync(f))).Value;

    private static async Task<Manifests> RenderAsync(string folderUnderK8s)
    {
        var kustomize = ExternalTool.Find("kustomize", "kustomize");
        var folder = Path.Combine(Repo.Deploy, "k8s", folderUnderK8s);
        var (exit, stdout, stderr) = await ExternalTool.RunAsync(kustomize, ["build", folder], Timeout);
        Assert.True(exit == 0, $"kustomize build {folderUnderK8s} exited {exit}: {stderr}");
        var documents = Yaml.Documents(stdout, $"kustomize build {folderUnderK8s}");
        return new Manifests(folderUnderK8s, [.. documents.Select(d => d as JsonObject ?? throw new Xunit.Sdk.XunitException($"{folderUnderK8s}: a rendered document is not an object"))]);
    }
}
