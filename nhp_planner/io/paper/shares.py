"""Whole-number percentages that add up to 100: the largest remainder method."""

from __future__ import annotations

from collections.abc import Sequence


def percentages(counts: Sequence[int]) -> list[int]:
    """Each count's share of the total in whole percent, summing to exactly 100 (0s if no total).

    Rounding each share on its own can print 33% + 33% + 33%; the largest
    remainder method floors every share and gives the points left over to the
    shares that lost most in flooring (the earlier one on a tie).

    >>> percentages([1, 1, 1])
    [34, 33, 33]
    """
    total = sum(counts)
    if total <= 0:
        return [0] * len(counts)
    exact = [count * 100 / total for count in counts]
    floors = [int(value) for value in exact]
    left = 100 - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in order[:left]:
        floors[index] += 1
    return floors
