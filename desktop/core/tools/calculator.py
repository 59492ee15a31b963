"""A calculator the model may call: arithmetic over an AST whitelist, never `eval`.

Numbers, + - * / // % **, parentheses, unary signs, and a few math functions and constants.
Anything else (names, attributes, calls of other functions, strings, comprehensions) is
refused, and sizes are bounded so `9**9**9` cannot hang the app.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError

MAX_EXPRESSION = 500
MAX_EXPONENT = 1000
MAX_DIGITS = 4000

CALC_REFUSED = MessageSpec(
    "tools.calc_refused",
    QT_TRANSLATE_NOOP("CoreMessages", "The calculator only does arithmetic; it refused {what}."),
)
CALC_INVALID = MessageSpec(
    "tools.calc_invalid",
    QT_TRANSLATE_NOOP("CoreMessages", "The expression is not valid arithmetic: {error}"),
)
CALC_TOO_BIG = MessageSpec(
    "tools.calc_too_big",
    QT_TRANSLATE_NOOP("CoreMessages", "The expression is too long or its result too large."),
)

_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY: dict[type, Callable[[Any], Any]] = {ast.UAdd: operator.pos, ast.USub: operator.neg}
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "sqrt": math.sqrt,
    "abs": abs,
    "round": round,
    "floor": math.floor,
    "ceil": math.ceil,
    "log": math.log,
    "log10": math.log10,
    "exp": math.exp,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "min": min,
    "max": max,
}
_CONSTANTS = {"pi": math.pi, "e": math.e}


class CalculatorError(UserError, ValueError):
    pass


def calculate(expression: str) -> int | float:
    """The value of an arithmetic expression; CalculatorError for anything else."""
    if len(expression) > MAX_EXPRESSION:
        raise CalculatorError(CALC_TOO_BIG())
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise CalculatorError(CALC_INVALID(error=exc.msg)) from None
    try:
        return _eval(tree.body)
    except (ZeroDivisionError, ValueError, OverflowError, TypeError) as exc:
        if isinstance(exc, CalculatorError):
            raise
        raise CalculatorError(CALC_INVALID(error=str(exc))) from None


def _eval(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise CalculatorError(CALC_REFUSED(what=repr(node.value)))
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _eval(node.left), _eval(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > MAX_EXPONENT:
            raise CalculatorError(CALC_TOO_BIG())
        value = _BINARY[type(node.op)](left, right)
        if isinstance(value, int) and value.bit_length() > MAX_DIGITS * 4:
            raise CalculatorError(CALC_TOO_BIG())
        return value
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_eval(node.operand))
    if isinstance(node, ast.Name) and node.id in _CONSTANTS:
        return _CONSTANTS[node.id]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and not node.keywords
    ):
        return _FUNCTIONS[node.func.id](*(_eval(a) for a in node.args))
    what = ast.unparse(node) if hasattr(ast, "unparse") else type(node).__name__
    raise CalculatorError(CALC_REFUSED(what=what[:60]))
