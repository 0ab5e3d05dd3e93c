"""SPC rules on hand-made series, each figure worked out by hand in the test."""

from __future__ import annotations

import math

import pytest

from nhp_planner.model.spc import (
    Baseline,
    Judgement,
    LimitMethod,
    Polarity,
    Rule,
    Side,
    analyse,
    judge,
)

SD = LimitMethod.STANDARD_DEVIATION
XMR = LimitMethod.MOVING_RANGE


def flagged(values: list[float | None], rule: Rule, **kwargs: object) -> list[int]:
    result = analyse(values, **kwargs)  # type: ignore[arg-type]
    return [p.index for p in result.points if rule in p.rules]


def test_standard_deviation_limits_are_mean_plus_minus_two_sample_sd() -> None:
    # mean (10 + 12 + 14) / 3 = 12; sample variance (4 + 0 + 4) / 2 = 4, sd 2; limits 12 ± 4.
    phase = analyse([10, 12, 14], SD).phases[0]
    assert (phase.mean, phase.lower, phase.upper) == (12, 8, 16)
    assert phase.baseline_count == 3


def test_moving_range_limits_are_mean_plus_minus_2_66_mean_moving_range() -> None:
    # moving ranges |12 - 10| = 2 and |14 - 12| = 2, mean 2; limits 12 ± 2.66 × 2 = 12 ± 5.32.
    phase = analyse([10, 12, 14], XMR).phases[0]
    assert phase.mean == 12
    assert phase.lower == pytest.approx(6.68)
    assert phase.upper == pytest.approx(17.32)


def test_a_point_exactly_on_a_limit_is_inside_and_just_beyond_is_outside() -> None:
    # Limits 8 and 16 from the first three values (as above); 16 and 8 sit on them.
    values: list[float | None] = [10, 12, 14, 16, 8, 16.5, 7.5]
    result = analyse(values, SD, Baseline(first=3))
    assert [sorted(r.value for r in p.rules) for p in result.points] == [
        [],
        [],
        [],
        [],
        [],
        [Rule.ABOVE_LIMIT.value],
        [Rule.BELOW_LIMIT.value],
    ]


def test_a_run_of_six_above_the_mean_is_not_an_exception_and_seven_is() -> None:
    # Baseline: the first two values, 10 and 0: mean 5, sd √50 ≈ 7.07, limits ≈ -9.1 and 19.1.
    # Then six 6s (above 5), a 4 (below, ends the run), then seven 6s.
    values: list[float | None] = [10, 0, *[6] * 6, 4, *[6] * 7]
    result = analyse(values, SD, Baseline(first=2))
    assert result.phases[0].mean == 5
    assert result.phases[0].upper == pytest.approx(5 + 2 * math.sqrt(50))
    assert flagged(values, Rule.RUN_ABOVE, baseline=Baseline(first=2)) == list(range(9, 16))
    assert flagged(values, Rule.RUN_BELOW, baseline=Baseline(first=2)) == []
    assert [p.index for p in result.exceptions] == list(range(9, 16))


def test_a_run_below_the_mean() -> None:
    # mean 5 from 10 and 0; the 0 and the seven 3s after it are eight in a row below it.
    values: list[float | None] = [10, 0, *[3] * 7]
    assert flagged(values, Rule.RUN_BELOW, baseline=Baseline(first=2)) == list(range(1, 9))


def test_a_value_exactly_on_the_mean_ends_a_run() -> None:
    # mean 5; three 6s, a 5 (on the mean), four 6s: runs of 3 and 4, not 7.
    values: list[float | None] = [10, 0, 6, 6, 6, 5, 6, 6, 6, 6]
    assert flagged(values, Rule.RUN_ABOVE, baseline=Baseline(first=2)) == []


def test_seven_successive_increases_are_an_exception_and_six_are_not() -> None:
    # 1..7 rises six times; 1..8 rises seven times: the seven values that rose are flagged.
    # Mean of 1..8 is 4.5, sd √6 ≈ 2.449, limits ≈ -0.4 and 9.4: nothing outside, and no
    # more than four values on either side of the mean, so only the trend rule can fire.
    assert analyse([1, 2, 3, 4, 5, 6, 7]).exceptions == ()
    assert flagged([1, 2, 3, 4, 5, 6, 7, 8], Rule.TREND_UP) == [1, 2, 3, 4, 5, 6, 7]
    assert analyse([1, 2, 3, 4, 5, 6, 7, 8]).phases[0].upper == pytest.approx(4.5 + 2 * 6**0.5)
    assert [p.index for p in analyse([1, 2, 3, 4, 5, 6, 7, 8]).exceptions] == list(range(1, 8))


def test_seven_successive_decreases() -> None:
    assert flagged([8, 7, 6, 5, 4, 3, 2, 1], Rule.TREND_DOWN) == [1, 2, 3, 4, 5, 6, 7]
    assert flagged([8, 7, 6, 5, 4, 3, 2, 1], Rule.TREND_UP) == []


def test_an_equal_value_ends_a_trend() -> None:
    assert flagged([1, 2, 3, 4, 4, 5, 6, 7, 8], Rule.TREND_UP) == []


def test_missing_values_are_left_out_of_the_mean_and_never_count_as_zero() -> None:
    # The gap is not a 0: mean (10 + 12 + 14) / 3 = 12, limits 8 and 16 as without it.
    result = analyse([10, None, 12, 14], SD)
    assert (result.phases[0].mean, result.phases[0].lower, result.phases[0].upper) == (12, 8, 16)
    assert result.points[1].value is None
    assert result.points[1].rules == frozenset()


def test_a_missing_value_leaves_no_moving_range_either_side() -> None:
    # Only 20 → 22 and 22 → 24 are neighbours: mean range 2, mean (10 + 20 + 22 + 24) / 4 = 19,
    # limits 19 ± 5.32 (with 10 → 20 across the gap counted, the mean range would be 4.67).
    phase = analyse([10, None, 20, 22, 24], XMR).phases[0]
    assert phase.mean == 19
    assert phase.upper == pytest.approx(24.32)
    assert phase.lower == pytest.approx(13.68)


def test_a_missing_value_breaks_runs_and_trends() -> None:
    run: list[float | None] = [10, 0, *[6] * 6, None, 6]
    assert flagged(run, Rule.RUN_ABOVE, baseline=Baseline(first=2)) == []
    assert flagged([1, 2, 3, None, 4, 5, 6, 7, 8], Rule.TREND_UP) == []


def test_a_change_point_starts_new_limits() -> None:
    # Without a change point, limits from 10, 12, 14 (8 and 16) put everything after above.
    values: list[float | None] = [10, 12, 14, 30, 32, 34, 37]
    before = analyse(values, SD, Baseline(first=3))
    assert [p.index for p in before.exceptions if Rule.ABOVE_LIMIT in p.rules] == [3, 4, 5, 6]
    # From index 3 the process changed: 30, 32, 34 give mean 32, sd 2, limits 28 and 36.
    after = analyse(values, SD, Baseline(first=3, change_points=(3,)))
    assert [(p.start, p.end, p.mean, p.lower, p.upper) for p in after.phases] == [
        (0, 3, 12, 8, 16),
        (3, 7, 32, 28, 36),
    ]
    assert [(p.index, p.rules) for p in after.exceptions] == [(6, frozenset({Rule.ABOVE_LIMIT}))]


def test_runs_and_trends_start_again_at_a_change_point() -> None:
    # Seven rises in all, but three in each phase.
    assert (
        flagged([1, 2, 3, 4, 5, 6, 7, 8], Rule.TREND_UP, baseline=Baseline(change_points=(4,)))
        == []
    )


def test_too_few_values_give_no_limits_and_flag_nothing() -> None:
    for values in ([], [5.0], [5.0, None]):
        result = analyse(values)
        assert result.exceptions == ()
        assert all(p.mean is None for p in result.phases)


def test_a_baseline_needs_two_values() -> None:
    with pytest.raises(ValueError, match="at least two"):
        Baseline(first=1)


@pytest.mark.parametrize(
    ("side", "polarity", "judgement"),
    [
        (Side.HIGH, Polarity.LOWER_IS_BETTER, Judgement.CONCERN),
        (Side.LOW, Polarity.LOWER_IS_BETTER, Judgement.IMPROVEMENT),
        (Side.HIGH, Polarity.HIGHER_IS_BETTER, Judgement.IMPROVEMENT),
        (Side.LOW, Polarity.HIGHER_IS_BETTER, Judgement.CONCERN),
        (Side.HIGH, Polarity.NEITHER, Judgement.INVESTIGATE),
    ],
)
def test_direction_is_judged_by_polarity(
    side: Side, polarity: Polarity, judgement: Judgement
) -> None:
    assert judge(side, polarity) is judgement


def test_each_rule_knows_its_side() -> None:
    assert {r for r in Rule if r.side is Side.HIGH} == {
        Rule.ABOVE_LIMIT,
        Rule.RUN_ABOVE,
        Rule.TREND_UP,
    }
