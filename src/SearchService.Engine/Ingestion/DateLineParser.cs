using System.Globalization;
using System.Text.RegularExpressions;

namespace SearchService.Engine.Ingestion;

/// <summary>
/// Reads the publication-date lines seen in the corpus: <c>10/01/2023 - 21:52</c> (day first, as Vietnamese sites
/// write it), <c>December 14, 2021 - 07:08</c>, and a publisher name glued to a date: <c>Báo XBáo X29/12/2024</c>.
/// Only whole lines are matched so a date mentioned in prose is never mistaken for the publication date.
/// </summary>
internal static partial class DateLineParser
{
    /// <summary>A publisher prefix longer than this is a sentence that happens to end with a date.</summary>
    private const int MaxPublisherWords = 10;

    private static readonly string[] Weekdays = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;

    public static bool TryParse(string text, out DateLine? dateLine)
    {
        dateLine = TryParseMonthName(text) ?? TryParseNumeric(text);
        return dateLine is not null;
    }

    private static DateLine? TryParseNumeric(string text)
    {
        var match = NumericDate().Match(text);
        if (!match.Success || TryBuild(match, Number(match, "month")) is not { } published)
        {
            return null;
        }

        var prefix = match.Groups["prefix"].Value.Trim(' ', '-', '–', '|', ',');
        if (prefix.Length == 0 || IsWeekday(prefix))
        {
            return new DateLine(published, null);
        }

        var looksLikeName = prefix.Split(' ').Length <= MaxPublisherWords && !LineShape.EndsSentence(prefix);
        return looksLikeName ? new DateLine(published, CollapseRepeatedName(prefix)) : null;
    }

    private static DateLine? TryParseMonthName(string text)
    {
        var match = MonthNameDate().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var monthName = match.Groups["month"].Value;
        var month = Array.FindIndex(
            CultureInfo.InvariantCulture.DateTimeFormat.MonthNames,
            name => name.Length > 0 && name.StartsWith(monthName, StringComparison.OrdinalIgnoreCase)) + 1;
        return month > 0 && TryBuild(match, month) is { } published ? new DateLine(published, null) : null;
    }

    /// <summary>Builds an Unspecified-kind date: the sources give local time with no zone, so none is invented.</summary>
    private static DateTime? TryBuild(Match match, int month)
    {
        var year = Number(match, "year");
        var day = Number(match, "day");
        var hour = match.Groups["hour"].Success ? Number(match, "hour") : 0;
        var minute = match.Groups["minute"].Success ? Number(match, "minute") : 0;

        var valid = year is >= 1900 and <= 2200 && month is >= 1 and <= 12 && day >= 1
            && day <= DateTime.DaysInMonth(year, month) && hour < 24 && minute < 60;
        return valid ? new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified) : null;
    }

    /// <summary>
    /// The scraper concatenates the publisher's logo text and its name, so the name comes out twice
    /// ("Báo Tài nguyên Môi trườngBáo Tài nguyên Môi trường"); keep one copy.
    /// </summary>
    private static string CollapseRepeatedName(string name)
    {
        var half = name.Length / 2;
        var first = name[..half].Trim();
        return first.Length > 0 && first == name[half..].Trim() ? first : name;
    }

    private static bool IsWeekday(string text) => Weekdays.Contains(text, StringComparer.OrdinalIgnoreCase);

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<prefix>.*?)(?<!\d)(?<day>\d{1,2})/(?<month>\d{1,2})/(?<year>\d{4})(?:\s*[-–|,]?\s*(?<hour>\d{1,2}):(?<minute>\d{2}))?$")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"^(?:[A-Za-z]+day,?\s+)?(?<month>[A-Za-z]{3,9})\.?\s+(?<day>\d{1,2}),?\s+(?<year>\d{4})(?:\s*[-–|,]?\s*(?<hour>\d{1,2}):(?<minute>\d{2}))?$")]
    private static partial Regex MonthNameDate();
}
