namespace PaperMail.Tests.Support;
// TEMPORARY: replaced by RepoPaths from the parsers branch
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string Shared => Path.Combine(Root, "..", "shared");
    public static string Fixtures => Path.Combine(Shared, "fixtures");
    public static string Data => Path.Combine(Shared, "data");
    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PaperMail.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PaperMail.sln not found above " + AppContext.BaseDirectory);
    }
}
