"""Prompt template variables: parsing `{{name}}` placeholders, rendering, escaping, and diffs.

Syntax (shown to users in the template editor's help):

- `{{name}}` is a variable; spaces inside the braces are allowed (`{{ name }}`). A name is a
  letter or `_` followed by letters, digits or `_` (any script: `{{角色}}` works).
- `{{name=default text}}` gives the variable a default, used when no value is supplied. The
  first default written for a name wins; later uses may omit it.
- `\\{{` writes a literal `{{` (the backslash is dropped). Before `{{`, backslashes pair up:
  `\\\\{{name}}` writes one backslash and then the value of `name`. Nothing else is escaped:
  a lone `{`, `}` or `}}` is plain text, so JSON needs no escaping unless it contains `{{`.
- Anything else between `{{` and `}}` (`{{user name}}`, `{{}}`, an unclosed `{{`) is a problem:
  it is reported with its position so the editor can highlight it, and rendering refuses to
  run until it is fixed or escaped.

Rendering is strict: a variable without a value or default raises `MissingVariables` before
anything is sent to a model.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError

_NAME = r"[^\W\d]\w*"
# One token of template syntax: an escaped opener, an escaped backslash before an opener,
# a well-formed placeholder (with optional default), or a bare opener (problem candidate).
_TOKEN = re.compile(
    r"(?=[\\{])(?:"  # every token starts with a backslash or a brace: skip other text fast
    r"(?P<esc>(?:\\\\)*\\\{\{)"  # an odd run of backslashes, then {{: literal braces
    r"|(?P<esc_bs>(?:\\\\)+)(?=\{\{)"  # an even run, then a real placeholder
    r"|(?P<ph>\{\{\s*(?P<name>" + _NAME + r")\s*(?:=(?P<default>.*?))?\s*\}\})"
    r"|(?P<open>\{\{))",
    re.DOTALL,
)
_CLOSE = re.compile(r"\}\}")


@dataclass(frozen=True)
class Variable:
    name: str
    default: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class Placeholder:
    """One occurrence of `{{...}}` in the text, with its character span."""

    name: str
    start: int
    end: int
    default: str | None = None


NESTED = MessageSpec(
    "templates.nested", QT_TRANSLATE_NOOP("CoreMessages", "Placeholders cannot be nested")
)
EMPTY_PLACEHOLDER = MessageSpec(
    "templates.empty_placeholder", QT_TRANSLATE_NOOP("CoreMessages", "Empty placeholder")
)
NOT_A_NAME = MessageSpec(
    "templates.not_a_name",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Not a variable name (use letters, digits and _, not starting with a digit)"
    ),
)
UNCLOSED = MessageSpec(
    "templates.unclosed",
    QT_TRANSLATE_NOOP("CoreMessages", "Unclosed '{open}' (write \\{open} for a literal '{open}')"),
)
MISSING_ONE = MessageSpec(
    "templates.missing_one", QT_TRANSLATE_NOOP("CoreMessages", "No value for variable: {names}")
)
MISSING_MANY = MessageSpec(
    "templates.missing_many", QT_TRANSLATE_NOOP("CoreMessages", "No value for variables: {names}")
)
SYNTAX_PROBLEM = MessageSpec(
    "templates.syntax_problem",
    QT_TRANSLATE_NOOP("CoreMessages", "{problem}: '{text}' at character {position}"),
)
SYNTAX_PROBLEMS = MessageSpec(
    "templates.syntax_problems",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "{problem}: '{text}' at character {position} (and {more} more)"
    ),
)


@dataclass(frozen=True)
class TemplateProblem:
    """Template syntax that will not render as the author meant; `start`/`end` is the span."""

    start: int
    end: int
    text: str
    message: Message  # what is wrong, translatable


@dataclass(frozen=True)
class ParsedTemplate:
    text: str
    variables: tuple[Variable, ...]  # first-use order, one per name
    placeholders: tuple[Placeholder, ...]
    problems: tuple[TemplateProblem, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.variables)


class TemplateError(UserError, ValueError):
    """Base class for a template that cannot be rendered; `str()` is a user-facing sentence."""


class MissingVariables(TemplateError):
    def __init__(self, names: Iterable[str]):
        self.names = tuple(names)
        spec = MISSING_ONE if len(self.names) == 1 else MISSING_MANY
        super().__init__(spec(names=", ".join(self.names)))


class TemplateSyntaxProblems(TemplateError):
    def __init__(self, problems: Iterable[TemplateProblem]):
        self.problems = tuple(problems)
        first = self.problems[0]
        where = {"problem": first.message, "text": first.text, "position": first.start}
        if len(self.problems) > 1:
            super().__init__(SYNTAX_PROBLEMS(**where, more=len(self.problems) - 1))
        else:
            super().__init__(SYNTAX_PROBLEM(**where))


@functools.lru_cache(maxsize=128)
def parse_template(text: str) -> ParsedTemplate:
    """Finds every placeholder and every malformed one; never raises.

    Cached: a live preview re-renders the same template text on every keystroke in a field.
    """
    placeholders: list[Placeholder] = []
    problems: list[TemplateProblem] = []
    defaults: dict[str, str | None] = {}
    for m in _TOKEN.finditer(text):
        if m.group("ph"):
            name = m.group("name")
            default = m.group("default")
            default = default.strip() if default is not None else None
            if default is not None and "{{" in default:
                # `{{a={{b}}}}`: nesting is not supported, and the regex stopped at the first `}}`.
                problems.append(TemplateProblem(m.start(), m.end(), m.group(0), NESTED()))
                continue
            placeholders.append(Placeholder(name, m.start(), m.end(), default))
            if name not in defaults or (defaults[name] is None and default is not None):
                defaults[name] = default
        elif m.group("open"):
            problems.append(_bare_opener_problem(text, m.start(), m.end()))
    variables = tuple(Variable(name, default) for name, default in defaults.items())
    return ParsedTemplate(text, variables, tuple(placeholders), tuple(problems))


def _bare_opener_problem(text: str, start: int, after: int) -> TemplateProblem:
    close = _CLOSE.search(text, after)
    next_open = text.find("{{", after)
    if close is not None and (next_open == -1 or close.start() < next_open):
        inner = text[after : close.start()].strip()
        message = EMPTY_PLACEHOLDER() if not inner else NOT_A_NAME()
        return TemplateProblem(start, close.end(), text[start : close.end()], message)
    line_end = text.find("\n", after)
    end = len(text) if line_end == -1 else line_end
    if next_open != -1:
        end = min(end, next_open)
    end = max(end, after)
    return TemplateProblem(start, end, text[start:end], UNCLOSED(open="{{"))


def merge_variables(*parsed: ParsedTemplate) -> tuple[Variable, ...]:
    """Variables of several parts (system + body) in order, one per name, first default wins."""
    merged: dict[str, str | None] = {}
    for p in parsed:
        for v in p.variables:
            if v.name not in merged or (merged[v.name] is None and v.default is not None):
                merged[v.name] = v.default
    return tuple(Variable(n, d) for n, d in merged.items())


def template_variables(*texts: str | None) -> tuple[Variable, ...]:
    return merge_variables(*(parse_template(t) for t in texts if t))


def missing_variables(
    variables: Iterable[Variable], values: Mapping[str, object]
) -> tuple[str, ...]:
    return tuple(v.name for v in variables if v.required and v.name not in values)


def render(text: str, values: Mapping[str, object], *, strict: bool = True) -> str:
    """Substitutes placeholders. Strict: syntax problems and missing values raise first.

    Not strict (live previews): a missing variable stays as `{{name}}` and problems stay as
    written, so the user sees what still needs filling.
    """
    parsed = parse_template(text)
    if strict:
        if parsed.problems:
            raise TemplateSyntaxProblems(parsed.problems)
        missing = missing_variables(parsed.variables, values)
        if missing:
            raise MissingVariables(missing)
    defaults = {v.name: v.default for v in parsed.variables}

    def substitute(m: re.Match[str]) -> str:
        if m.group("esc"):
            return "\\" * ((len(m.group("esc")) - 3) // 2) + "{{"
        if m.group("esc_bs"):
            return "\\" * (len(m.group("esc_bs")) // 2)
        if m.group("ph"):
            name = m.group("name")
            if name in values:
                return str(values[name])
            if defaults.get(name) is not None:
                return str(defaults[name])
            return m.group(0)
        return m.group(0)

    return _TOKEN.sub(substitute, text)


def escape_literal(text: str) -> str:
    """Makes arbitrary text render as itself (for pasting JSON or jinja into a template)."""
    return re.sub(r"(\\*)\{\{", lambda m: m.group(1) * 2 + "\\{{", text)


@dataclass(frozen=True)
class RenderedPrompt:
    """What a template produces: a chat system + user pair, or one completion text."""

    kind: str  # "chat" | "completion"
    system: str
    user: str

    @property
    def text(self) -> str:
        """The whole prompt as one string (completion kind, previews, character counts)."""
        if self.kind == "completion" or not self.system:
            return self.user
        return f"{self.system}\n\n{self.user}"


@dataclass(frozen=True)
class ValuesCheck:
    missing: tuple[str, ...] = ()
    unused: tuple[str, ...] = ()  # supplied but not in the template (often a typo)
    problems: tuple[TemplateProblem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.problems


def check_values(system: str | None, body: str, values: Mapping[str, object]) -> ValuesCheck:
    parts = [parse_template(system or ""), parse_template(body)]
    variables = merge_variables(*parts)
    names = {v.name for v in variables}
    return ValuesCheck(
        missing=missing_variables(variables, values),
        unused=tuple(k for k in values if k not in names),
        problems=tuple(p for part in parts for p in part.problems),
    )


def render_prompt(
    kind: str, system: str | None, body: str, values: Mapping[str, object], *, strict: bool = True
) -> RenderedPrompt:
    """Renders both parts at once, so a missing variable is reported for the whole template."""
    if strict:
        report = check_values(system, body, values)
        if report.problems:
            raise TemplateSyntaxProblems(report.problems)
        if report.missing:
            raise MissingVariables(report.missing)
    # A default written only in the body still applies to the system part, and vice versa.
    merged: dict[str, object] = {
        v.name: v.default for v in template_variables(system, body) if v.default is not None
    }
    merged.update(values)
    return RenderedPrompt(
        kind=kind,
        system=render(system or "", merged, strict=False),
        user=render(body, merged, strict=False),
    )


# --------------------------------------------------------------------------- diffs


@dataclass(frozen=True)
class DiffLine:
    tag: str  # " " unchanged, "-" removed, "+" added, "@" hunk header
    text: str


def unified_diff(old: str, new: str, old_label: str = "old", new_label: str = "new") -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=old_label,
        tofile=new_label,
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def diff_lines(old: str, new: str, context: int = 3) -> list[DiffLine]:
    """The diff as tagged lines for a view that colours them (no file headers)."""
    out: list[DiffLine] = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), n=context, lineterm=""):
        if line.startswith(("---", "+++")):
            continue
        tag = "@" if line.startswith("@@") else line[:1]
        out.append(DiffLine(tag, line if tag == "@" else line[1:]))
    return out


def diff_versions(
    old: Mapping[str, object], new: Mapping[str, object], fields: Iterable[str] = ("system", "body")
) -> str:
    """A readable diff of two template versions: one section per field that changed."""
    sections = []
    for name in fields:
        a, b = str(old.get(name) or ""), str(new.get(name) or "")
        if a != b:
            sections.append(unified_diff(a, b, f"{name} (old)", f"{name} (new)"))
    return "".join(sections)
