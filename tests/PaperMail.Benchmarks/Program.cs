using PaperMail.Benchmarks;

// One benchmark per name; each reports its figures next to a baseline measured in the same run.
switch (args.FirstOrDefault())
{
    case "match":
        MatchBenchmark.Run(args.Skip(1).ToArray());
        break;
    // case "ingest": the ingestion benchmark goes here.
    default:
        Console.WriteLine("usage: dotnet run -c Release --project tests/PaperMail.Benchmarks -- <name>");
        Console.WriteLine("  match    percolator: corpus-derived alerts x 1,000 papers, vs brute force");
        return 1;
}
return 0;
