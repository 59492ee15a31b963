"""Check a GBNF grammar before it reaches llama.cpp, with errors a user can act on.

llama.cpp refuses a bad grammar with a line on its stderr and a NULL sampler; this parser
follows the same syntax (rules `name ::= ...`, literals, character classes, groups, `.`,
`*` `+` `?` `{m,n}`, token references `<[id]>`/`<text>`, `#` comments; a rule ends at a
newline outside parentheses) so the editor, the CLI and the server can say where the problem
is: a syntax error with line and column, an undefined rule, no root rule, left recursion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError

GRAMMAR_SYNTAX = MessageSpec(
    "tools.grammar_syntax",
    QT_TRANSLATE_NOOP("CoreMessages", "Grammar error at line {line}, column {column}: {problem}."),
)
GRAMMAR_UNDEFINED = MessageSpec(
    "tools.grammar_undefined",
    QT_TRANSLATE_NOOP("CoreMessages", "The grammar uses the rule {name}, which it never defines."),
)
GRAMMAR_NO_ROOT = MessageSpec(
    "tools.grammar_no_root",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The grammar has no rule named {root}: generation starts there."
    ),
)
GRAMMAR_LEFT_RECURSION = MessageSpec(
    "tools.grammar_left_recursion",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The rule {name} can start with itself (left recursion), which llama.cpp cannot run.",
    ),
)
GRAMMAR_EMPTY = MessageSpec(
    "tools.grammar_empty", QT_TRANSLATE_NOOP("CoreMessages", "The grammar is empty.")
)

_NAME = re.compile(r"[a-zA-Z0-9-]+")
_INT = re.compile(r"[0-9]+")
_ESCAPES = {"x": 2, "u": 4, "U": 8}
_SIMPLE_ESCAPES = set('"[]\\/tnr-')
MAX_REPETITION = 2000


class GrammarError(UserError, ValueError):
    """A GBNF grammar llama.cpp would refuse."""


@dataclass
class _Rule:
    name: str
    # alternatives: each a list of (kind, value, may_be_empty) where kind is "ref" or "term"
    alternatives: list[list[tuple[str, str, bool]]] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.rules: dict[str, _Rule] = {}
        self.refs: list[str] = []
        self._group = 0

    def fail(self, problem: str) -> GrammarError:
        line = self.text.count("\n", 0, self.pos) + 1
        column = self.pos - (self.text.rfind("\n", 0, self.pos) + 1) + 1
        return GrammarError(GRAMMAR_SYNTAX(line=line, column=column, problem=problem))

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def space(self, newline_ok: bool) -> None:
        t = self.text
        while self.pos < len(t):
            c = t[self.pos]
            if c in " \t" or (newline_ok and c in "\r\n"):
                self.pos += 1
            elif c == "#":
                while self.pos < len(t) and t[self.pos] not in "\r\n":
                    self.pos += 1
            else:
                break

    def name(self) -> str:
        m = _NAME.match(self.text, self.pos)
        if not m:
            raise self.fail("expected a rule name")
        self.pos = m.end()
        return m.group(0)

    def char(self, end: str) -> None:
        t = self.text
        if self.pos >= len(t):
            raise self.fail(f"unexpected end of grammar, expected {end}")
        if t[self.pos] == "\\":
            self.pos += 1
            c = self.peek()
            if c in _ESCAPES:
                digits = t[self.pos + 1 : self.pos + 1 + _ESCAPES[c]]
                if len(digits) != _ESCAPES[c] or not all(
                    d in "0123456789abcdefABCDEF" for d in digits
                ):
                    raise self.fail(f"\\{c} needs {_ESCAPES[c]} hex digits")
                self.pos += 1 + _ESCAPES[c]
            elif c in _SIMPLE_ESCAPES:
                self.pos += 1
            else:
                raise self.fail(f"unknown escape \\{c}")
        else:
            self.pos += 1

    def grammar(self) -> None:
        self.space(True)
        if self.pos >= len(self.text):
            raise GrammarError(GRAMMAR_EMPTY())
        while self.pos < len(self.text):
            name = self.name()
            self.space(False)
            if not self.text.startswith("::=", self.pos):
                raise self.fail("expected ::=")
            self.pos += 3
            self.space(True)
            rule = self.rules.setdefault(name, _Rule(name))
            rule.alternatives.extend(self.alternates(nested=False))
            if self.peek() not in ("", "\r", "\n"):
                raise self.fail("expected a newline or the end of the grammar")
            self.space(True)

    def alternates(self, nested: bool) -> list[list[tuple[str, str, bool]]]:
        alts = [self.sequence(nested)]
        while self.peek() == "|":
            self.pos += 1
            self.space(True)
            alts.append(self.sequence(nested))
        return alts

    def sequence(self, nested: bool) -> list[tuple[str, str, bool]]:
        seq: list[tuple[str, str, bool]] = []
        t = self.text
        while self.pos < len(t):
            c = t[self.pos]
            start = self.pos
            if c == '"':
                self.pos += 1
                while self.peek() != '"':
                    self.char('"')
                self.pos += 1
                seq.append(("term", "", start + 2 == self.pos))
            elif c == "[":
                self.pos += 1
                if self.peek() == "^":
                    self.pos += 1
                while self.peek() != "]":
                    self.char("]")
                    if self.peek() == "-" and t[self.pos + 1 : self.pos + 2] != "]":
                        self.pos += 1
                        self.char("]")
                self.pos += 1
                seq.append(("term", "", False))
            elif c == ".":
                self.pos += 1
                seq.append(("term", "", False))
            elif c == "<":
                end = t.find(">", self.pos)
                if end < 0:
                    raise self.fail("expected > after a token reference")
                self.pos = end + 1
                seq.append(("term", "", False))
            elif _NAME.match(c):
                name = self.name()
                self.refs.append(name)
                seq.append(("ref", name, False))
            elif c == "(":
                self.pos += 1
                self.space(True)
                self._group += 1
                group = f" group{self._group}"
                self.rules[group] = _Rule(group, self.alternates(nested=True))
                if self.peek() != ")":
                    raise self.fail("expected )")
                self.pos += 1
                seq.append(("ref", group, False))
            elif c in "*+?{":
                if not seq:
                    raise self.fail(f"{c} must follow something to repeat")
                kind, value, _ = seq[-1]
                optional = c in "*?"
                self.pos += 1
                if c == "{":
                    self.space(False)
                    m = _INT.match(t, self.pos)
                    if not m:
                        raise self.fail("expected a number in {m,n}")
                    low = int(m.group(0))
                    self.pos = m.end()
                    self.space(False)
                    high = low
                    if self.peek() == ",":
                        self.pos += 1
                        self.space(False)
                        m = _INT.match(t, self.pos)
                        if m:
                            high = int(m.group(0))
                            self.pos = m.end()
                            if high < low:
                                raise self.fail("{m,n} needs m <= n")
                    self.space(False)
                    if self.peek() != "}":
                        raise self.fail("expected }")
                    self.pos += 1
                    if max(low, high) > MAX_REPETITION:
                        raise self.fail(f"repetitions over {MAX_REPETITION} are refused")
                    optional = low == 0
                seq[-1] = (kind, value, optional)
            else:
                break
            self.space(nested)
        return seq


def check_gbnf(text: str, root: str = "root") -> None:
    """Raise GrammarError (with a user-facing Message) if llama.cpp would refuse `text`."""
    p = _Parser(text)
    p.grammar()
    for name in p.refs:
        if name not in p.rules:
            raise GrammarError(GRAMMAR_UNDEFINED(name=name))
    if root not in p.rules:
        raise GrammarError(GRAMMAR_NO_ROOT(root=root))
    empty = _nullable(p.rules)
    for name in p.rules:
        if _left_recursive(p.rules, name, empty):
            shown = name if not name.startswith(" ") else "(...)"
            raise GrammarError(GRAMMAR_LEFT_RECURSION(name=shown))


def _nullable(rules: dict[str, _Rule]) -> set[str]:
    empty: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, rule in rules.items():
            if name in empty:
                continue
            for alt in rule.alternatives:
                if all(opt or (k == "ref" and v in empty) for k, v, opt in alt):
                    empty.add(name)
                    changed = True
                    break
    return empty


def _left_recursive(rules: dict[str, _Rule], start: str, empty: set[str]) -> bool:
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        for alt in rules[name].alternatives:
            for kind, value, opt in alt:
                if kind == "ref":
                    if value == start:
                        return True
                    if value not in seen:
                        seen.add(value)
                        todo.append(value)
                if not (opt or (kind == "ref" and value in empty)):
                    break
    return False
