using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DwpFarm.Analyzers;

/// <summary>
/// Finds TorchSharp calls that make a native <c>Scalar</c> nobody holds. TorchSharp 0.107 frees a Scalar that is not
/// disposed in its finalizer; the object is unreachable as soon as its handle has been read, so under optimised code
/// the finalizer thread can free the native scalar while libtorch is still reading it in the same call. Slots then
/// corrupt each other's numbers (garbage learning rates, NaNs, "Unknown scalar type"). Every Scalar the ML core passes
/// must be a field of <c>TorchScalars</c> or a using-declared local, which stay reachable through the call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HiddenScalarAnalyzer : DiagnosticAnalyzer
{
    public const string ImplicitScalarId = "DWP001";
    public const string HiddenScalarOperatorId = "DWP002";
    public const string HiddenScalarMemberId = "DWP003";

    private const string Category = "Reliability";
    private const string Why = "TorchSharp frees an unheld Scalar in its finalizer, which can run while libtorch still reads it";

    private static readonly DiagnosticDescriptor ImplicitScalar = new(
        ImplicitScalarId,
        "Number converted implicitly to a TorchSharp Scalar",
        "'{0}' becomes a TorchSharp Scalar that nothing holds: " + Why + "; pass a TorchScalars field or a using-declared ToScalar()",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor HiddenScalarOperator = new(
        HiddenScalarOperatorId,
        "TorchSharp operator that makes a Scalar behind the call",
        "TorchSharp's Tensor operator '{0}' makes a Scalar behind the call ({1}): " + Why + "; use TensorOps or a method taking a held Scalar",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor HiddenScalarMember = new(
        HiddenScalarMemberId,
        "TorchSharp member that makes a Scalar behind the call",
        "TorchSharp's '{0}' makes a Scalar behind the call: " + Why + "; use {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    // Members of TorchSharp 0.107 read to make Scalars of their own, how a call can avoid that, and what to use instead.
    private static readonly ImmutableDictionary<string, (Escape Escape, string Use)> UnsafeMembers = new (string Name, Escape Escape, string Use)[]
    {
        ("add", Escape.ExplicitAlpha, "add(other, TorchScalars.One) or TensorOps.Plus"),
        ("add_", Escape.ExplicitAlpha, "add_(other, TorchScalars.One)"),
        ("addcdiv", Escape.ExplicitAlpha, "addcdiv with a held value"),
        ("addcdiv_", Escape.ExplicitAlpha, "addcdiv_ with a held value"),
        ("elu", Escape.HeldScalars, "elu with three held Scalars"),
        ("elu_", Escape.HeldScalars, "elu_ with three held Scalars"),
        ("leaky_relu", Escape.HeldScalars, "leaky_relu with a held Scalar"),
        ("leaky_relu_", Escape.HeldScalars, "leaky_relu_ with a held Scalar"),
        ("square", Escape.None, "TensorOps.Squared"),
        ("softplus", Escape.None, "TensorOps.Softplus"),
        ("Softplus", Escape.None, "TensorOps.Softplus"),
        ("ELU", Escape.None, "the ML core's Elu module"),
        ("LeakyReLU", Escape.None, "leaky_relu with a held Scalar"),
        ("Adam", Escape.None, "the ML core's ScheduledAdam"),
        ("AdamW", Escape.None, "the ML core's ScheduledAdam"),
        ("SGD", Escape.None, "the ML core's ScheduledAdam"),
    }.ToImmutableDictionary(m => m.Name, m => (m.Escape, m.Use));

    private enum Escape
    {
        /// <summary>Every overload makes a Scalar.</summary>
        None,

        /// <summary>Overloads without a number parameter make none when the caller passes each Scalar parameter.</summary>
        HeldScalars,

        /// <summary>As <see cref="HeldScalars"/>, and the overload must take the alpha or value, which the others default to a 1 of their own.</summary>
        ExplicitAlpha,
    }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(ImplicitScalar, HiddenScalarOperator, HiddenScalarMember);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(AnalyzeConversion, OperationKind.Conversion);
        context.RegisterOperationAction(AnalyzeBinary, OperationKind.Binary, OperationKind.CompoundAssignment);
        context.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(AnalyzeCreation, OperationKind.ObjectCreation);
    }

    private static void AnalyzeConversion(OperationAnalysisContext context)
    {
        var conversion = (IConversionOperation)context.Operation;
        if (conversion.OperatorMethod is { } method && IsTorchSharp(method.ContainingType, "Scalar") && method.Name == "op_Implicit")
        {
            context.ReportDiagnostic(Diagnostic.Create(ImplicitScalar, conversion.Operand.Syntax.GetLocation(), conversion.Operand.Syntax.ToString()));
        }
    }

    private static void AnalyzeBinary(OperationAnalysisContext context)
    {
        var (method, kind) = context.Operation switch
        {
            IBinaryOperation b => (b.OperatorMethod, b.OperatorKind),
            ICompoundAssignmentOperation c => (c.OperatorMethod, c.OperatorKind),
            _ => (null, BinaryOperatorKind.None),
        };
        if (method is null || !IsTorchSharp(method.ContainingType, "Tensor"))
        {
            return;
        }

        // Tensor + x adds with an alpha of 1, and so does Scalar − Tensor (as −Tensor + Scalar).
        var reason = kind is BinaryOperatorKind.Add || (kind is BinaryOperatorKind.Subtract && IsTorchSharp(method.Parameters[0].Type, "Scalar"))
            ? "an alpha of 1"
            : method.Parameters.Any(p => IsNumber(p.Type)) ? "from the number operand"
            : null;
        if (reason is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(HiddenScalarOperator, context.Operation.Syntax.GetLocation(), OperatorText(kind), reason));
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!InTorchSharp(method.ContainingType) || !UnsafeMembers.TryGetValue(method.Name, out var member) || PassesEveryScalar(invocation, member.Escape))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(HiddenScalarMember, invocation.Syntax.GetLocation(), method.ContainingType.Name + "." + method.Name, member.Use));
    }

    // add(x, alpha), elu(alpha, scale, inputScale), leaky_relu(slope): the overloads that make no Scalar of their own
    // when the caller passes every Scalar (whether those are held is DWP001's concern).
    private static bool PassesEveryScalar(IInvocationOperation invocation, Escape escape)
    {
        var method = invocation.TargetMethod;
        if (escape == Escape.None
            || method.Parameters.Any(p => IsNumber(p.Type))
            || (escape == Escape.ExplicitAlpha && !method.Parameters.Any(p => p.Name is "alpha" or "value")))
        {
            return false;
        }

        var scalars = method.Parameters.Where(p => IsTorchSharp(p.Type, "Scalar")).ToList();
        return scalars.Count > 0 && scalars.All(p => invocation.Arguments.Any(a => SymbolEqualityComparer.Default.Equals(a.Parameter, p) && a.ArgumentKind == ArgumentKind.Explicit));
    }

    private static void AnalyzeCreation(OperationAnalysisContext context)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is INamedTypeSymbol type && InTorchSharp(type) && UnsafeMembers.TryGetValue(type.Name, out var member))
        {
            context.ReportDiagnostic(Diagnostic.Create(HiddenScalarMember, creation.Syntax.GetLocation(), type.Name, member.Use));
        }
    }

    private static bool InTorchSharp(ITypeSymbol? type)
    {
        for (var ns = type?.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
        {
            if (ns.Name == "TorchSharp" && ns.ContainingNamespace.IsGlobalNamespace)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTorchSharp(ITypeSymbol? type, string name) => type is not null && type.Name == name && InTorchSharp(type);

    private static bool IsNumber(ITypeSymbol type) => type.SpecialType is SpecialType.System_Double or SpecialType.System_Single
        or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16 or SpecialType.System_Byte
        or SpecialType.System_SByte or SpecialType.System_Boolean;

    private static string OperatorText(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => "+",
        BinaryOperatorKind.Subtract => "-",
        BinaryOperatorKind.Multiply => "*",
        BinaryOperatorKind.Divide => "/",
        BinaryOperatorKind.Remainder => "%",
        _ => kind.ToString(),
    };
}
