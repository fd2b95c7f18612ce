namespace SearchService.Engine.Retrieval;

/// <summary>
/// Measures a pattern before Lucene builds it: the states of its nondeterministic automaton (Thompson's construction,
/// stopping at <see cref="QueryLimitsOptions.MaxAutomatonStates"/>) and of its deterministic one (the subset
/// construction, stopping at <see cref="QueryLimitsOptions.MaxDeterminizedStates"/>). Lucene.Net 4.8 determinizes and
/// minimizes at every step of <c>RegExp.ToAutomaton</c> with no limit, and <c>[ab]*a[ab]{18}</c> has 2^19 states; this
/// does the same work with a hard stop, so a refused pattern costs at most the limits, not minutes and gigabytes.
/// </summary>
internal sealed class AutomatonCost
{
    private readonly QueryLimitsOptions _limits;
    private readonly List<List<(int Lo, int Hi, int To)>> _moves = [];
    private readonly List<List<int>> _epsilons = [];
    private int _accept;

    private AutomatonCost(QueryLimitsOptions limits) => _limits = limits;

    /// <summary>Throws <see cref="InvalidQueryException"/> naming the limit when <paramref name="shape"/> is over one.</summary>
    public static void Check(PatternShape shape, QueryLimitsOptions limits, string what)
    {
        var cost = new AutomatonCost(limits);
        var (start, end) = cost.Build(shape, what);
        cost._accept = end;
        cost.Determinize(start, what);
    }

    private (int Start, int End) Build(PatternShape shape, string what)
    {
        switch (shape)
        {
            case PatternShape.CharSet set:
            {
                var (s, e) = (NewState(what), NewState(what));
                foreach (var (lo, hi) in set.Ranges)
                {
                    _moves[s].Add((lo, hi, e));
                }

                return (s, e);
            }

            case PatternShape.Sequence seq:
            {
                var first = Build(seq.First, what);
                var second = Build(seq.Second, what);
                _epsilons[first.End].Add(second.Start);
                return (first.Start, second.End);
            }

            case PatternShape.Either either:
            {
                var (s, e) = (NewState(what), NewState(what));
                foreach (var branch in new[] { either.Left, either.Right })
                {
                    var (bs, be) = Build(branch, what);
                    _epsilons[s].Add(bs);
                    _epsilons[be].Add(e);
                }

                return (s, e);
            }

            case PatternShape.Repeat repeat:
                return BuildRepeat(repeat, what);

            case PatternShape.EmptyString:
            {
                var (s, e) = (NewState(what), NewState(what));
                _epsilons[s].Add(e);
                return (s, e);
            }

            default:
                return (NewState(what), NewState(what));
        }
    }

    // Inner{min,max} is min copies then (max - min) optional ones, or a loop when unbounded: copies as Lucene makes them.
    private (int Start, int End) BuildRepeat(PatternShape.Repeat repeat, string what)
    {
        var start = NewState(what);
        var end = start;
        for (var i = 0; i < repeat.Min; i++)
        {
            var (s, e) = Build(repeat.Inner, what);
            _epsilons[end].Add(s);
            end = e;
        }

        if (repeat.Max is null)
        {
            var (s, e) = Build(repeat.Inner, what);
            _epsilons[end].Add(s);
            _epsilons[e].Add(s);
            var loopEnd = NewState(what);
            _epsilons[end].Add(loopEnd);
            _epsilons[e].Add(loopEnd);
            return (start, loopEnd);
        }

        var final = NewState(what);
        _epsilons[end].Add(final);
        for (var i = repeat.Min; i < repeat.Max; i++)
        {
            var (s, e) = Build(repeat.Inner, what);
            _epsilons[end].Add(s);
            _epsilons[e].Add(final);
            end = e;
        }

        return (start, final);
    }

    private int NewState(string what)
    {
        if (_moves.Count >= _limits.MaxAutomatonStates)
        {
            throw Refuse(what, nameof(QueryLimitsOptions.MaxAutomatonStates), _limits.MaxAutomatonStates, "automaton states");
        }

        _moves.Add([]);
        _epsilons.Add([]);
        return _moves.Count - 1;
    }

    /// <summary>The subset construction over the alphabet's intervals, stopping at the state and work limits.</summary>
    private void Determinize(int start, string what)
    {
        var points = _moves.SelectMany(m => m).SelectMany(m => new[] { m.Lo, m.Hi + 1 }).Append(0).Distinct().Order().ToArray();
        var seen = new HashSet<int[]>(SetComparer.Instance);
        var pending = new Queue<int[]>();
        var first = Closure([start]);
        seen.Add(first);
        pending.Enqueue(first);

        // Each (move, interval) pair is one unit of work; bounded too, so wide alphabets cannot stand in for states.
        var work = 0L;
        var maxWork = (long)_limits.MaxDeterminizedStates * 1000;
        while (pending.Count > 0)
        {
            var targets = new Dictionary<int, List<int>>();
            foreach (var state in pending.Dequeue())
            {
                foreach (var (lo, hi, to) in _moves[state])
                {
                    var from = Array.BinarySearch(points, lo);
                    var until = Array.BinarySearch(points, hi + 1);
                    for (var i = from; i < until; i++)
                    {
                        if (!targets.TryGetValue(i, out var list))
                        {
                            targets[i] = list = [];
                        }

                        list.Add(to);
                    }

                    work += until - from;
                }
            }

            if (work > maxWork)
            {
                throw Refuse(what, nameof(QueryLimitsOptions.MaxDeterminizedStates), _limits.MaxDeterminizedStates, "deterministic automaton states");
            }

            foreach (var next in targets.Values.Select(Closure))
            {
                if (seen.Add(next))
                {
                    if (seen.Count > _limits.MaxDeterminizedStates)
                    {
                        throw Refuse(what, nameof(QueryLimitsOptions.MaxDeterminizedStates), _limits.MaxDeterminizedStates, "deterministic automaton states");
                    }

                    pending.Enqueue(next);
                }
            }
        }
    }

    private int[] Closure(IEnumerable<int> states)
    {
        var result = new HashSet<int>();
        var stack = new Stack<int>(states);
        while (stack.Count > 0)
        {
            var state = stack.Pop();
            if (result.Add(state))
            {
                foreach (var next in _epsilons[state])
                {
                    stack.Push(next);
                }
            }
        }

        // Only states with moves (and the accepting end) tell subsets apart; keeping just those merges equivalent ones.
        var key = result.Where(s => _moves[s].Count > 0 || s == _accept).ToArray();
        Array.Sort(key);
        return key;
    }

    private static InvalidQueryException Refuse(string what, string setting, int limit, string unit) =>
        new("q", $"The {what} is too complex: it needs more than {limit} {unit} ({QueryLimitsOptions.SectionName}:{setting}); make it simpler or more specific.");

    private sealed class SetComparer : IEqualityComparer<int[]>
    {
        public static readonly SetComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] set)
        {
            var hash = new HashCode();
            foreach (var state in set)
            {
                hash.Add(state);
            }

            return hash.ToHashCode();
        }
    }
}
