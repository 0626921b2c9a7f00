namespace PaperMail.Tests.Support;

/// <summary>Finds the repository root (the folder holding PaperMail.sln) and the shared data beside it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    /// <summary>Shared fixtures and data live in ../shared relative to the repository root.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static string Fixture(string fileName) => Path.Combine(Shared, "fixtures", fileName);

    public static string Data(string fileName) => Path.Combine(Shared, "data", fileName);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PaperMail.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No PaperMail.sln above {AppContext.BaseDirectory}");
    }
}
