"""Pass/fail checks on an experiment's outputs: contains, not contains, regex, JSON, length, equality."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

import regex

from desktop.core.experiments import errors as E
from desktop.core.experiments.errors import CheckError
from desktop.core.templates.variables import TemplateError, render
from desktop.core.tools.validation import FormatCheck

# A check is a few microseconds on a reply; a pattern that backtracks catastrophically ((a|aa)+$)
# would run for hours and, in `re`, hold the GIL so even Ctrl-C waits. `regex` releases the GIL
# (concurrent=True) and gives up after REGEX_SECONDS (in practice up to about twice that on a
# loaded machine: it looks at the clock between steps).
REGEX_SECONDS = 1.0

CHECK_KINDS = (
    "contains",
    "not_contains",
    "regex",
    "valid_json",
    "max_tokens",
    "equals",
    "matches_format",
)
# Checks that take no value.
VALUELESS = ("valid_json", "matches_format")
CHECK_LABELS = {
    "contains": "contains",
    "not_contains": "does not contain",
    "regex": "matches regex",
    "valid_json": "is valid JSON",
    "max_tokens": "at most N tokens",
    "equals": "equals",
    "matches_format": "fits the output format",
}
_FENCE = re.compile(r"^```[A-Za-z0-9_-]*\s*\n(?P<inner>.*?)\n?```$", re.DOTALL)


@dataclass(frozen=True)
class Check:
    """One check. `value` may use the case's variables (`{{expected}}`), rendered per case."""

    kind: str
    value: str = ""
    ignore_case: bool = False

    def __post_init__(self) -> None:
        if self.kind not in CHECK_KINDS:
            raise CheckError(E.UNKNOWN_CHECK(kind=self.kind, kinds=", ".join(CHECK_KINDS)))
        if self.kind in ("contains", "not_contains", "regex", "equals") and self.value == "":
            raise CheckError(E.CHECK_NEEDS_VALUE(kind=self.kind))
        if self.kind == "max_tokens":
            try:
                if int(self.value) < 0:
                    raise ValueError
            except ValueError:
                raise CheckError(E.CHECK_NEEDS_NUMBER(value=self.value)) from None
        if self.kind == "regex" and "{{" not in self.value:
            try:
                regex.compile(self.value)
            except regex.error as exc:
                raise CheckError(E.CHECK_BAD_REGEX(value=self.value, reason=str(exc))) from None

    @property
    def label(self) -> str:
        if self.kind in VALUELESS:
            return CHECK_LABELS[self.kind]
        suffix = " (ignore case)" if self.ignore_case else ""
        return f"{CHECK_LABELS[self.kind]} {self.value}{suffix}"

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "value": self.value, "ignore_case": self.ignore_case}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Check:
        kind = str(data.get("kind") or data.get("type") or "")
        kind = {"not contains": "not_contains", "json": "valid_json", "exact": "equals"}.get(
            kind, kind
        )
        value = data.get("value", "")
        return cls(kind, "" if value is None else str(value), bool(data.get("ignore_case", False)))


@dataclass(frozen=True)
class CheckOutcome:
    check: Check
    passed: bool
    detail: str = ""  # why it failed, for the cell's tooltip


def _json_payload(text: str) -> str:
    stripped = text.strip()
    m = _FENCE.match(stripped)
    return m.group("inner") if m else stripped


def evaluate_check(
    check: Check,
    output: str,
    completion_tokens: int,
    values: Mapping[str, str] | None = None,
    format_check: FormatCheck | None = None,
) -> CheckOutcome:
    """Never raises: a check that cannot be evaluated fails with the reason as detail.
    `format_check`: the reply checked against its output format (None: free text), which
    `matches_format` reports."""
    if check.kind == "matches_format":
        if format_check is None:
            return CheckOutcome(check, True, "free text")
        return CheckOutcome(
            check, format_check.ok, "; ".join(str(p) for p in format_check.problems)
        )
    try:
        expected = render(check.value, values or {}) if "{{" in check.value else check.value
    except TemplateError as exc:
        return CheckOutcome(check, False, str(exc))
    text, want = (
        (output.casefold(), expected.casefold()) if check.ignore_case else (output, expected)
    )
    if check.kind == "contains":
        ok = want in text
        return CheckOutcome(check, ok, "" if ok else f"{expected!r} not found")
    if check.kind == "not_contains":
        ok = want not in text
        return CheckOutcome(check, ok, "" if ok else f"{expected!r} found")
    if check.kind == "equals":
        ok = text.strip() == want.strip()
        return CheckOutcome(check, ok, "" if ok else f"expected {expected!r}")
    if check.kind == "regex":
        try:
            pattern = regex.compile(expected, regex.IGNORECASE if check.ignore_case else 0)
        except regex.error as exc:
            return CheckOutcome(check, False, f"invalid regex: {exc}")
        try:
            ok = pattern.search(output, timeout=REGEX_SECONDS, concurrent=True) is not None
        except TimeoutError:
            return CheckOutcome(
                check,
                False,
                f"the regular expression did not finish in {REGEX_SECONDS:g} s on this output "
                "(it backtracks too much: simplify it)",
            )
        return CheckOutcome(check, ok, "" if ok else "no match")
    if check.kind == "valid_json":
        # A single ```json fence around the object counts: chat models add one by habit.
        try:
            json.loads(_json_payload(output))
        except ValueError as exc:
            return CheckOutcome(check, False, f"not JSON: {exc}")
        return CheckOutcome(check, True)
    limit = int(expected)
    ok = completion_tokens <= limit
    return CheckOutcome(check, ok, "" if ok else f"{completion_tokens} tokens > {limit}")


def evaluate_checks(
    checks: tuple[Check, ...],
    output: str,
    completion_tokens: int,
    values: Mapping[str, str] | None = None,
    format_check: FormatCheck | None = None,
) -> tuple[CheckOutcome, ...]:
    return tuple(evaluate_check(c, output, completion_tokens, values, format_check) for c in checks)


def with_format_check(checks: tuple[Check, ...]) -> tuple[Check, ...]:
    """`checks` plus `matches_format` when it is not there yet: a grid with output formats
    always shows whether each reply fits its format (a grammar cannot enforce every keyword)."""
    if any(c.kind == "matches_format" for c in checks):
        return checks
    return (*checks, Check("matches_format"))
