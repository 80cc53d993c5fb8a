using DwpFarm.Dwp;

namespace DwpFarm.Data.PyTorch;

/// <summary>A published file read whole, so that parsing works on memory and a read failure is one line naming the file.</summary>
public static class FileBytes
{
    public static byte[] Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DwpException($"{path}: cannot read ({ex.Message})");
        }
    }
}
