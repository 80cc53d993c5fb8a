using System.Collections.Immutable;
using DwpFarm.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DwpFarm.Dwp.Tests.Torch;

/// <summary>The build check that keeps unheld TorchSharp Scalars out of the ML core: what it flags and what it lets pass.</summary>
public sealed class HiddenScalarAnalyzerTests
{
    private const string Source = """
        using TorchSharp;
        using static TorchSharp.torch;

        static class Code
        {
            static readonly Scalar Held = 2.0.ToScalar();

            static Tensor Sum(Tensor x, Tensor y) => x + y;
            static Tensor Scaled(Tensor x) => x * 0.5;
            static Tensor Implicit(Tensor x) => x.mul(0.5);
            static Tensor Soft(Tensor x) => nn.functional.softplus(x);
            static Tensor DefaultAlpha(Tensor x, Tensor y) => x.add(y);
            static Tensor Elu(Tensor x) => x.elu(1.0);
            static object Module() => nn.ELU();
            static Tensor Negated(Tensor x) => Held - x;
            static Tensor Square(Tensor x) => x.square();

            static Tensor HeldAlpha(Tensor x, Tensor y) => x.add(y, Held);
            static Tensor HeldFactor(Tensor x) => x * Held;
            static Tensor Difference(Tensor x, Tensor y) => x - y;
            static Tensor Product(Tensor x, Tensor y) => x * y;
            static Tensor UsingScalar(Tensor x) { using var s = 3.0.ToScalar(); return x.mul(s); }
            static Tensor HeldElu(Tensor x) => x.elu(Held, Held, Held);
        }
        """;

    [Fact]
    public async Task Every_unheld_scalar_is_an_error_and_held_ones_pass()
    {
        var flagged = (await DiagnosticsAsync(Source))
            .Select(d => (d.Id, Method: Method(d)))
            .OrderBy(d => d.Method, StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            [
                ("DWP003", "DefaultAlpha"),
                ("DWP003", "Elu"),
                ("DWP001", "Implicit"),
                ("DWP003", "Module"),
                ("DWP002", "Negated"),
                ("DWP002", "Scaled"),
                ("DWP003", "Soft"),
                ("DWP003", "Square"),
                ("DWP002", "Sum"),
            ],
            flagged);
        Assert.All(await DiagnosticsAsync(Source), d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(TorchSharp.torch).Assembly.Location)
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "Sample", [CSharpSyntaxTree.ParseText(source, path: "Code.cs")], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return await compilation.WithAnalyzers([new HiddenScalarAnalyzer()]).GetAnalyzerDiagnosticsAsync();
    }

    // The name of the method on the diagnostic's line.
    private static string Method(Diagnostic diagnostic)
    {
        var line = Source.Split('\n')[diagnostic.Location.GetLineSpan().StartLinePosition.Line].Trim();
        var signature = line["static ".Length..].Split(' ', 2)[1];
        return signature[..signature.IndexOf('(', StringComparison.Ordinal)];
    }
}
