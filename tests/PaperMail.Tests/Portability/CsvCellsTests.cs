using PaperMail.Core.Portability;

namespace PaperMail.Tests.Portability;

public class CsvCellsTests
{
    [Theory]
    [InlineData("'=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0")]
    [InlineData("'+1+1", "+1+1")]
    [InlineData("'-survey multilingual", "-survey multilingual")]
    [InlineData("'@SUM(A1)", "@SUM(A1)")]
    [InlineData("'\tindented", "\tindented")]
    [InlineData("'\rreturn", "\rreturn")]
    [InlineData("'quoted' words", "'quoted' words")]
    [InlineData("plain", "plain")]
    [InlineData("'", "'")]
    public void AnExportedCellGivesBackTheOriginalText(string exported, string original) =>
        Assert.Equal(original, CsvCells.Unescape(exported));

    [Theory]
    [InlineData("=1+1", false, true)]
    [InlineData("+1", false, true)]
    [InlineData("@SUM(A1)", false, true)]
    [InlineData("\tx", false, true)]
    [InlineData("\rx", false, true)]
    [InlineData("-1", false, true)]
    [InlineData("-survey", true, false)]
    [InlineData("=cmd", true, true)]
    [InlineData("'=cmd", true, false)]
    [InlineData("multilingual", true, false)]
    public void AFormulaLookingCellIsRecognised(string cell, bool isQuery, bool formula) =>
        Assert.Equal(formula, CsvCells.LooksLikeFormula(cell, isQuery));
}
