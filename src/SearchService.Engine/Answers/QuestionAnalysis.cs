using System.Text.RegularExpressions;

namespace SearchService.Engine.Answers;

/// <summary>What kind of thing a question asks for; a sentence that cannot supply it is not an answer.</summary>
public enum AnswerType
{
    /// <summary>No constraint the sentence can be checked against ("what", "which term").</summary>
    Any,

    /// <summary>"how many", "how much", "how far": a count or amount.</summary>
    Number,

    /// <summary>"when", "what year": a date, month or year.</summary>
    Date,

    /// <summary>"who", "which president": a person's name.</summary>
    Person,

    /// <summary>"where", "which country": a proper name of a place.</summary>
    Place,
}

/// <summary>How a query reads: a question or a keyword search, and which answer type it expects.</summary>
public sealed partial record QuestionAnalysis(bool IsQuestion, AnswerType Expected)
{
    public static QuestionAnalysis Of(string query)
    {
        var q = Whitespace().Replace(query.Trim().ToLowerInvariant(), " ");
        return new QuestionAnalysis(IsQuestionText(q), ExpectedType(q));
    }

    /// <summary>
    /// A question ends with '?', has a question word among its first three words ("in how many …"), or opens with an
    /// auxiliary verb ("is", "does", "can" …); "doi moi" or "price of bitcoin" are keyword searches.
    /// </summary>
    private static bool IsQuestionText(string q) =>
        q.EndsWith('?') || QuestionOpening().IsMatch(q);

    private static AnswerType ExpectedType(string q) =>
        NumberCue().IsMatch(q) ? AnswerType.Number
        : DateCue().IsMatch(q) ? AnswerType.Date
        : PersonCue().IsMatch(q) ? AnswerType.Person
        : PlaceCue().IsMatch(q) ? AnswerType.Place
        : AnswerType.Any;

    [GeneratedRegex(@"^(?:(?:\w+ ){0,2}(?:who|whom|whose|what|when|where|which|why|how)\b|(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)\b)")]
    private static partial Regex QuestionOpening();

    [GeneratedRegex(@"\bhow (?:many|much|far|long|large|big|tall|old|often)\b|\bwhat (?:number|percentage|share|amount)\b|\bthe number of\b")]
    private static partial Regex NumberCue();

    [GeneratedRegex(@"^(?:\w+ ){0,2}when\b|\b(?:what|which|in what) (?:year|date|month|day)\b")]
    private static partial Regex DateCue();

    [GeneratedRegex(@"^(?:\w+ ){0,2}(?:who|whom|whose)\b|\b(?:which|what) (?:\w+ )?(?:person|president|minister|ambassador|leader|secretary|official|chairman|director|diplomat)\b")]
    private static partial Regex PersonCue();

    [GeneratedRegex(@"^(?:\w+ ){0,2}where\b|\b(?:which|what) (?:country|countries|country's|city|cities|province|nation|place|region|continent)\b")]
    private static partial Regex PlaceCue();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
