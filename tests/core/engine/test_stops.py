"""Stop strings are found across token boundaries and never released."""

from __future__ import annotations

from desktop.core.engine.stops import StopFilter


def _feed(stops: list[str], texts: list[str]) -> tuple[list[tuple[int, str]], bool]:
    f: StopFilter[int] = StopFilter(stops)
    out: list[tuple[int, str]] = []
    for i, text in enumerate(texts):
        out += f.push(i, text)
        if f.stopped:
            return out, True
    return out + f.finish(), False


def test_no_stops_passes_everything_through() -> None:
    assert _feed([], ["a", "b"]) == ([(0, "a"), (1, "b")], False)


def test_stop_split_across_three_tokens() -> None:
    out, stopped = _feed(["\n\nUser:"], ["Hello", " world", "\n", "\nUs", "er:", " next"])
    assert stopped
    assert "".join(t for _, t in out) == "Hello world"


def test_stop_inside_one_token_truncates_it() -> None:
    out, stopped = _feed(["STOP"], ["abc", "deSTOPfg"])
    assert stopped and out == [(0, "abc"), (1, "de")]


def test_held_prefix_is_released_when_it_does_not_match() -> None:
    out, stopped = _feed(["\n\nUser:"], ["Hi", "\n", "\nUs", "ually"])
    assert not stopped
    assert out == [(0, "Hi"), (1, "\n"), (2, "\nUs"), (3, "ually")]


def test_earliest_of_several_stops_wins_and_chinese_works() -> None:
    out, stopped = _feed(["。", "好，"], ["你", "好", "，世界。"])
    assert stopped and "".join(t for _, t in out) == "你"


def test_only_the_longest_possible_prefix_is_held() -> None:
    f: StopFilter[int] = StopFilter(["abcd"])
    assert f.push(0, "xxab") == []  # "ab" could start "abcd": the token is held
    assert f.push(1, "x") == [(0, "xxab"), (1, "x")]
