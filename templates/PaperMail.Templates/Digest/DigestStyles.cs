namespace PaperMail.Templates.Digest;

/// <summary>
/// The digest's CSS, written on each element: Gmail and most webmail keep inline styles and drop or rewrite
/// <c>&lt;style&gt;</c> blocks. Only the dark-mode media query, which cannot be inline, stays in the template's
/// <c>&lt;style&gt;</c> block; it finds the elements by the class names they carry beside these styles.
/// </summary>
/// <remarks>
/// Font names go unquoted: Razor encodes attribute values, and a quote would reach the mail as an entity.
/// </remarks>
public static class DigestStyles
{
    private const string Muted = "#5c5c57";
    private const string Link = "#1a4fa3";

    public const string Body = "margin:0;padding:0;background:#f4f4f1;color:#1d1d1b;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif";
    public const string Preheader = "display:none;max-height:0;overflow:hidden;mso-hide:all";
    public const string Wrap = "max-width:640px;margin:0 auto;padding:20px 14px";
    public const string Brand = "margin:0 0 12px;font-size:18px;font-weight:700";
    public const string Card = "background:#ffffff;border-radius:8px;padding:20px;line-height:1.5;font-size:16px";
    public const string Intro = "margin:0 0 16px;font-size:15px;color:#3c3c38";
    public const string Paper = "border-top:1px solid #e4e4de;padding:14px 0";
    public const string Title = $"font-size:17px;font-weight:600;color:{Link};text-decoration:none";
    public const string Meta = $"margin:4px 0 0;font-size:13px;color:{Muted}";
    public const string Excerpt = "margin:8px 0 0;font-size:15px;color:#2b2b28";
    public const string Why = $"margin:8px 0 0;font-size:13px;color:{Muted}";
    public const string Links = "margin:6px 0 0;font-size:13px";
    public const string More = "margin:16px 0 0;font-size:15px";
    public const string Footer = $"margin:16px 0 0;font-size:13px;color:{Muted};line-height:1.5";

    /// <summary>A link in the paper links, the "more" line and the footer (titles have their own style).</summary>
    public const string TextLink = $"color:{Link}";

    /// <summary>A matched word.</summary>
    public const string Hit = "background:#fff1a8;color:inherit;padding:0 1px";
}
