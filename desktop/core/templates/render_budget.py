"""A time and size budget for rendering untrusted jinja2 templates (a model's chat template).

jinja2's sandbox stops a template from reaching Python's internals, not from running forever
(`{% for %}` inside `{% for %}` over `range(100000)`) or from building a 4 GB string
(`'x' * 4000000000`). `BudgetedSandbox` adds both limits inside the sandbox itself, so they
hold on any thread of any process (the engine worker, the window's worker threads, the CLI):
signals only reach the main thread, and a helper process per render would cost more than the
render (the tokenizer page renders on every keystroke).

Time: every loop iteration (each `{% for %}` iterable is wrapped at compile time), every call
(macros, methods, filters) and every piece of output is a step; every 64 steps the clock is
read and the render stops past its deadline. Size: every value a template can grow (repetition,
`+`, `~`, `%` and `format` widths, padding, `replace`, `indent`, `join`, `sum`, each `{{ }}` and
the output as a whole) is checked against the character budget, before it is built where the
size is known in advance and right after otherwise; lists are held to `MAX_ITEMS`.

Use: `with budget(seconds, max_chars): template.generate(...)`; outside a `budget()` block the
environment renders without limits (templates compiled once serve every thread).
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, cast

from jinja2 import nodes
from jinja2.environment import Environment
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec

RENDER_SECONDS = 5.0  # a real template renders a long chat in milliseconds
MAX_CHARS = 16_000_000  # past every model's context (1M tokens is ~4M characters)
MAX_ITEMS = 1_000_000  # any one list or tuple a template builds
MAX_INT_BITS = 1 << 16  # integers past 65,536 bits only cost time
_CHECK_EVERY = 64

TEMPLATE_TIMEOUT = MessageSpec(
    "chat_template.timeout",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This model's chat template did not finish in {seconds:g} s and was stopped. Use "
        "another chat template for this model (the Models page can override it).",
    ),
)
TEMPLATE_TOO_LARGE = MessageSpec(
    "chat_template.too_large",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This model's chat template produced more than {limit:,} characters and was stopped. "
        "Use another chat template for this model (the Models page can override it).",
    ),
)

# A printf or format width/precision of 7+ digits: a million-character field from one number.
_HUGE_WIDTH = re.compile(r"\d{7,}")
# Widths taken from the arguments: printf's `*`, str.format's nested `{:>{w}}`.
_ARG_WIDTH = re.compile(r"%[-#0 +]*\*|\{[^{}]*\{")
# str methods whose integer argument is the length of what they build.
_PADDING = frozenset({"ljust", "rjust", "center", "zfill"})


class BudgetExceeded(Exception):
    """The render ran out of time or size; `message` says which, for the user."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


class _Budget:
    __slots__ = ("deadline", "max_chars", "seconds", "steps")

    def __init__(self, seconds: float, max_chars: int) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.max_chars = max_chars
        self.steps = 0

    def step(self) -> None:
        self.steps += 1
        if self.steps % _CHECK_EVERY == 0 and time.monotonic() > self.deadline:
            raise BudgetExceeded(TEMPLATE_TIMEOUT(seconds=self.seconds))

    def too_large(self) -> BudgetExceeded:
        return BudgetExceeded(TEMPLATE_TOO_LARGE(limit=self.max_chars))

    def chars(self, n: int) -> None:
        if n > self.max_chars:
            raise self.too_large()

    def items(self, n: int) -> None:
        if n > MAX_ITEMS:
            raise self.too_large()

    def size_of(self, value: Any) -> Any:
        """`value` unchanged, once its size fits."""
        if isinstance(value, str):
            self.chars(len(value))
        elif isinstance(value, (list, tuple, dict, set, frozenset, bytes)):
            self.items(len(value))
        elif _is_int(value) and value.bit_length() > MAX_INT_BITS:
            raise self.too_large()
        return value


_state = threading.local()


def _current() -> _Budget | None:
    return getattr(_state, "budget", None)


@contextmanager
def budget(seconds: float = RENDER_SECONDS, max_chars: int = MAX_CHARS) -> Iterator[_Budget]:
    """Renders on this thread inside the block are limited; BudgetExceeded when one is not."""
    previous = _current()
    _state.budget = current = _Budget(seconds, max_chars)
    try:
        yield current
    finally:
        _state.budget = previous


def consume(chunks: Iterable[str], limit: _Budget) -> str:
    """Joins a template's output chunks, counting them against `limit`."""
    parts, total = [], 0
    for chunk in chunks:
        total += len(chunk)
        limit.chars(total)
        limit.step()
        parts.append(chunk)
    return "".join(parts)


# --------------------------------------------------------------------------- size pre-checks


def _check_args(b: _Budget, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """No width or count beyond the budget (`ljust(10**9)`, `center(10**9)`, `slice(10**9)`).
    Only where an integer means a size: a timestamp printed with `%d` is fine."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and value > b.max_chars:
            raise b.too_large()


def _replaced_size(text: str, old: Any, new: Any, count: Any = -1) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    hits = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * max(0, len(new) - len(old))


def _joined_size(items: Any, sep: Any) -> int | None:
    if not isinstance(items, (list, tuple)):
        return None  # a generator: checked once joined
    size = sum(len(x) for x in items if isinstance(x, str))
    return size + max(0, len(items) - 1) * (len(sep) if isinstance(sep, str) else 0)


def _check_method(b: _Budget, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    func = getattr(func, "__wrapped__", func)  # the sandbox's str.format wrapper
    owner = getattr(func, "__self__", None)
    name = getattr(func, "__name__", "")
    if isinstance(owner, str):
        if name in _PADDING or (name in ("format", "format_map") and _ARG_WIDTH.search(owner)):
            _check_args(b, args, kwargs)
        if name == "replace" and len(args) >= 2:
            b.chars(_replaced_size(owner, *args[:3]))
        elif name == "expandtabs":
            size = args[0] if args else kwargs.get("tabsize", 8)
            if isinstance(size, int):
                b.chars(len(owner) + owner.count("\t") * max(0, size))
        elif name == "join" and args:
            joined = _joined_size(args[0], owner)
            if joined is not None:
                b.chars(joined)


def _check_filter(b: _Budget, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    value = args[0] if args else None
    if name == "replace" and isinstance(value, str) and len(args) >= 3:
        b.chars(_replaced_size(value, *args[1:4]))
    elif name == "indent" and isinstance(value, str):
        width = args[1] if len(args) > 1 else kwargs.get("width", 4)
        pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        b.chars(len(value) + (value.count("\n") + 1) * max(0, pad))
    elif name == "join" and value is not None:
        sep = args[1] if len(args) > 1 else kwargs.get("d", "")
        joined = _joined_size(value, sep)
        if joined is not None:
            b.chars(joined)
    elif name == "sum" and isinstance(value, (list, tuple)):
        b.items(sum(len(x) for x in value if isinstance(x, (list, tuple))))
    elif name == "format" and isinstance(value, str):
        if _HUGE_WIDTH.search(value):
            raise b.too_large()
        if _ARG_WIDTH.search(value):
            _check_args(b, args[1:], kwargs)


def _binop_check(b: _Budget, op: str, left: Any, right: Any) -> None:
    seqs = (str, list, tuple)
    if op == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, seqs) and isinstance(n, int) and not isinstance(n, bool):
                size = len(seq) * max(0, n)
                b.chars(size) if isinstance(seq, str) else b.items(size)
        if (
            _is_int(left)
            and _is_int(right)
            and left.bit_length() + right.bit_length() > (MAX_INT_BITS)
        ):
            raise b.too_large()
    elif op == "**" and _is_int(left) and _is_int(right) and abs(left) > 1 and right > 0:
        if right * math.log2(abs(left)) > MAX_INT_BITS:
            raise b.too_large()
    elif op == "+" and isinstance(left, seqs) and isinstance(right, seqs):
        size = len(left) + len(right)
        b.chars(size) if isinstance(left, str) else b.items(size)
    elif op == "%" and isinstance(left, str):
        if _HUGE_WIDTH.search(left):
            raise b.too_large()
        if _ARG_WIDTH.search(left):
            _check_args(b, right if isinstance(right, tuple) else (right,), {})


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _budgeted_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(func)  # keeps jinja's pass_context/pass_environment marker
    def run(*args: Any, **kwargs: Any) -> Any:
        b = _current()
        if b is None:
            return func(*args, **kwargs)
        b.step()
        plain = _without_context(args)
        if name != "format":  # printf values, not sizes (see _check_filter)
            _check_args(b, plain[1:], kwargs)
        _check_filter(b, name, plain, kwargs)
        return b.size_of(func(*args, **kwargs))

    run.tessera_budgeted = True  # type: ignore[attr-defined]
    return run


def _without_context(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Filter arguments from the value on (a pass_context filter gets the context first)."""
    if args and isinstance(args[0], (Context, Environment, nodes.EvalContext)):
        return args[1:]
    return args


# --------------------------------------------------------------------------- the environment


_ITER_HOOK = "_tessera_budget_iter"
_VALUE_HOOK = "_tessera_budget_value"


class _Instrument(NodeTransformer):
    """Compile-time rewrite: each `for` iterable, `~` and `{{ }}` goes through the budget.

    The hooks are filters, so the generated code calls them directly (a plain function call),
    not through the sandbox's `call()`: a real template pays a few percent, not double."""

    def __init__(self, env: BudgetedSandbox) -> None:
        self.env = env

    def _wrap(self, hook: str, node: nodes.Expr) -> nodes.Expr:
        wrapped = nodes.Filter(node, hook, [], [], None, None, lineno=node.lineno)
        wrapped.set_environment(self.env)
        return wrapped

    def visit_For(self, node: nodes.For) -> nodes.Node:
        node = cast(nodes.For, self.generic_visit(node))
        node.iter = self._wrap(_ITER_HOOK, cast(nodes.Expr, node.iter))
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        return self._wrap(_VALUE_HOOK, cast(nodes.Expr, self.generic_visit(node)))

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        node = cast(nodes.Output, self.generic_visit(node))
        node.nodes = [
            n if isinstance(n, nodes.TemplateData) else self._wrap(_VALUE_HOOK, n)
            for n in node.nodes
        ]
        return node


def _budget_iter(iterable: Any) -> Iterator[Any]:
    b = _current()
    if b is None:
        yield from iterable
        return
    for item in iterable:
        b.step()
        yield item


def _budget_value(value: Any) -> Any:
    b = _current()
    return value if b is None else b.size_of(value)


class BudgetedSandbox(ImmutableSandboxedEnvironment):
    """jinja2's immutable sandbox, with the budget of the enclosing `budget()` block."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        return _Instrument(self).visit(tree)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget_filters()

    def budget_filters(self) -> None:
        """Wraps every filter; call again after adding filters of your own."""
        self.filters = {
            n: f if getattr(f, "tessera_budgeted", False) else _budgeted_filter(n, f)
            for n, f in self.filters.items()
        }
        self.filters[_ITER_HOOK] = _budget_iter
        self.filters[_VALUE_HOOK] = _budget_value

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        b = _current()
        if b is None:
            return super().call(__context, __obj, *args, **kwargs)
        b.step()
        _check_method(b, __obj, args, kwargs)
        return b.size_of(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        b = _current()
        if b is not None:
            if operator == "+" and type(left) is str and type(right) is str:
                # The common case, kept lean: templates join every message with `+`.
                if len(left) + len(right) > b.max_chars:
                    raise b.too_large()
                return left + right
            _binop_check(b, operator, left, right)
        return self.binop_table[operator](left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        b = _current()
        if b is not None and _HUGE_WIDTH.search(value.__self__):
            raise b.too_large()  # "{:>999999999}".format(x)
        return wrapped
