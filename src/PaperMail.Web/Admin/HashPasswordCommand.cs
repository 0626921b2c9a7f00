using PaperMail.Core.Admin;

namespace PaperMail.Web.Admin;

/// <summary>
/// <c>dotnet run --project src/PaperMail.Web -- hash-password</c>: reads a password from standard input and prints the
/// hash to put in <c>PaperMail:Admin:Password</c>. The app does not start.
/// </summary>
public static class HashPasswordCommand
{
    public const string Name = "hash-password";

    public static bool TryRun(string[] args)
    {
        if (args is not [Name]) return false;
        if (!Console.IsInputRedirected) Console.Error.Write("Password: ");
        var password = Console.IsInputRedirected ? Console.In.ReadLine() : ReadHidden();
        if (!Console.IsInputRedirected) Console.Error.WriteLine();
        Environment.ExitCode = Run(password, Console.Out, Console.Error);
        return true;
    }

    public static int Run(string? password, TextWriter output, TextWriter error)
    {
        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine("No password given.");
            return 1;
        }
        output.WriteLine(AdminPasswordHash.Create(password));
        return 0;
    }

    private static string ReadHidden()
    {
        var chars = new List<char>();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace) { if (chars.Count > 0) chars.RemoveAt(chars.Count - 1); }
            else if (!char.IsControl(key.KeyChar)) chars.Add(key.KeyChar);
        }
        return new string([.. chars]);
    }
}
