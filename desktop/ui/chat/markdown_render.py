"""Render a finished message's Markdown to the HTML subset QTextDocument understands.

Code blocks are highlighted with Pygments (inline styles, since QTextDocument has no CSS
classes) and get a "Copy" link (`copy-code:N`) the transcript view turns into a click action.
Raw HTML in a message is shown as text, never interpreted.
"""

from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    code_blocks: tuple[str, ...]


@lru_cache(maxsize=2)
def _formatter(dark: bool) -> HtmlFormatter:
    return HtmlFormatter(noclasses=True, nowrap=True, style="monokai" if dark else "default")


WARM_UP_PAUSE_S = 0.03

# Languages whose lexers are compiled ahead of use (a lexer's first use compiles its regular
# expressions: 20-120 ms for Python or C++, a freeze when the first such reply is shown).
COMMON_LANGUAGES = (
    "python", "javascript", "typescript", "bash", "json", "c", "cpp", "rust", "go", "java",
    "html", "css", "sql", "yaml", "markdown", "diff",
)  # fmt: skip


def _highlight(code: str, lang: str, dark: bool) -> str:
    # A fence without a language stays unhighlighted: guessing asks every Pygments lexer
    # (330 ms the first time, several ms after) and often guesses wrong.
    if not lang:
        return html.escape(code)
    try:
        lexer = get_lexer_by_name(lang)
    except ClassNotFound:
        return html.escape(code)
    if lexer.name == "Text only":
        return html.escape(code)
    return highlight(code, lexer, _formatter(dark))


def _fence(renderer, tokens, idx, options, env) -> str:  # noqa: ARG001 - markdown-it's signature
    token = tokens[idx]
    lang = token.info.strip().split(" ")[0] if token.info else ""
    code = token.content.rstrip("\n")
    blocks: list[str] = env["blocks"]
    blocks.append(code)
    dark = env["dark"]
    code_bg = "#272822" if dark else "#f3f3f3"
    bar_fg = "#9aa0a6" if dark else "#5f6368"
    label = html.escape(lang)
    return (
        f'<table width="100%" cellspacing="0" cellpadding="6" style="background-color:{code_bg};">'
        f'<tr><td><span style="color:{bar_fg};font-size:small;">{label}</span>'
        f'&nbsp;&nbsp;<a href="copy-code:{len(blocks) - 1}" style="font-size:small;">'
        f"{html.escape(env['copy_label'])}</a>"
        f'<pre style="margin:0;">{_highlight(code, lang, dark)}</pre></td></tr></table>\n'
    )


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})
    md.enable(["table", "strikethrough"])
    md.add_render_rule("fence", _fence)
    md.add_render_rule("code_block", _fence)
    return md


def render_markdown(text: str, dark: bool = False, copy_label: str = "Copy") -> RenderedMarkdown:
    blocks: list[str] = []  # the fence rule appends each code block's text
    env = {"blocks": blocks, "dark": dark, "copy_label": copy_label}
    body = _parser().render(text, env)
    return RenderedMarkdown(body, tuple(blocks))


_warm_lock = threading.Lock()
_warm_thread: threading.Thread | None = None


def warm_up_in_background() -> threading.Thread:
    """Build the Markdown parser and compile the common lexers on a short-lived thread (once per
    process; later calls return the same thread).

    Pure Python, one lexer at a time with a pause between: the GUI thread gets the interpreter
    back within milliseconds, and never waits for a whole lexer (20-120 ms each).
    """
    global _warm_thread
    with _warm_lock:
        if _warm_thread is None:
            _warm_thread = threading.Thread(target=_warm_up, name="tessera-md-warmup", daemon=True)
            _warm_thread.start()
        return _warm_thread


def _warm_up() -> None:
    render_markdown("*warm*")
    for lang in COMMON_LANGUAGES:
        time.sleep(WARM_UP_PAUSE_S)
        _highlight("x", lang, False)
