namespace DwpFarm.Dwp;

/// <summary>
/// A failure caused by bad input or a bad environment that the user can fix.
/// Its message is one line that names the offending file, field or value; callers
/// print it as is, without a stack trace.
/// </summary>
public class DwpException : Exception
{
    public DwpException(string message)
        : base(message)
    {
    }

    public DwpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
