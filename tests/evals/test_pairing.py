"""Pairing: names are normalised, items pair one-to-one, weak matches stay unpaired."""

import pytest

from evals.pairing import name_similarity, pair, words


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ("straight leg raise", "Straight-leg raises", 1.0, 1.0),
        ("clamshells", "clamshell", 1.0, 1.0),
        ("bridge", "hamstring curl", 0.0, 0.4),
        ("heel slide", "heel raise", 0.5, 0.9),
        ("", "bridge", 0.0, 0.0),
    ],
)
def test_name_similarity(a: str, b: str, low: float, high: float) -> None:
    assert low <= name_similarity(a, b) <= high


def test_words_strip_plurals_but_not_ss() -> None:
    assert words("Heel Slides, press") == ["heel", "slide", "press"]


def test_pair_is_one_to_one_and_maximises_total() -> None:
    truth = ["heel slide", "heel raise", "bridge"]
    predicted = ["heel raises", "bridges", "heel slides", "plank"]
    pairs, extra, missed = pair(predicted, truth, name_similarity)
    assert pairs == [(0, 1), (1, 2), (2, 0)]
    assert extra == [3]
    assert missed == []


def test_pair_below_minimum_is_unpaired() -> None:
    pairs, extra, missed = pair(["plank"], ["hamstring curl"], name_similarity)
    assert (pairs, extra, missed) == ([], [0], [0])


def test_pair_empty_sides() -> None:
    assert pair([], ["a"], name_similarity) == ([], [], [0])
    assert pair(["a"], [], name_similarity) == ([], [0], [])
