"""How token probabilities look: background shading, the alternatives tooltip and menu."""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMenu, QWidget

from desktop.core.engine.protocol import Token


def probability(logprob: float | None) -> float | None:
    return None if logprob is None else math.exp(logprob)


def probability_color(p: float, dark: bool) -> QColor:
    """Red for unlikely tokens through amber to green for near-certain ones, translucent."""
    p = min(max(p, 0.0), 1.0)
    hue = int(120 * p)  # 0 = red, 120 = green
    color = QColor.fromHsv(hue, 200 if dark else 170, 150 if dark else 255)
    color.setAlpha(int(150 - 90 * p) if not dark else int(170 - 80 * p))
    return color


def utf16_len(text: str) -> int:
    # QTextDocument positions count UTF-16 code units; emoji take two.
    return len(text.encode("utf-16-le")) // 2


def shaded_html(
    prefix: str, tokens: list[Token], dark: bool, *, shade: bool = True
) -> tuple[str, list[int], int]:
    """A reply as one pre-wrapped paragraph of shaded token spans, for `QTextDocument.setHtml`.

    Returns (html, offsets, token_start): the document position where each token ends and
    where the first one starts, assuming one position per UTF-16 unit of text (the caller
    checks the document's length). One setHtml is ~5x faster than inserting 2,000 formatted
    runs with a cursor. `shade` False: the runs without probability colours.
    """
    parts = ['<p style="margin:0; white-space:pre-wrap;">', html.escape(prefix)]
    position = token_start = utf16_len(prefix)
    offsets: list[int] = []
    styles: dict[tuple[int, bool], str] = {}
    for token in tokens:
        p = probability(token.logprob) if shade else None
        bucket = -1 if p is None else round(min(max(p, 0.0), 1.0) * 200)
        style = styles.get((bucket, token.forced))
        if style is None:
            rules = []
            if p is not None:
                color = probability_color(bucket / 200, dark)
                rgba = f"{color.red()},{color.green()},{color.blue()},{color.alpha()}"
                rules.append(f"background-color:rgba({rgba})")
            if token.forced:
                rules.append("text-decoration:underline")
            style = f'<span style="{";".join(rules)}">' if rules else "<span>"
            styles[(bucket, token.forced)] = style
        if token.text:
            parts.append(f"{style}{html.escape(token.text)}</span>")
            position += utf16_len(token.text)
        offsets.append(position)
    parts.append("</p>")
    return "".join(parts), offsets, token_start


def visible_piece(text: str) -> str:
    """Token text with whitespace made visible, for lists of alternatives."""
    if text == "":
        return "∅"
    return text.replace(" ", "␣").replace("\n", "↵").replace("\t", "⇥")


def alternatives_html(token: Token, source: str) -> str:
    p = probability(token.logprob)
    rows = []
    head = QCoreApplication.translate("Probabilities", "Chosen")
    chosen = f"{p * 100:.1f}%" if p is not None else "?"
    rows.append(
        f"<tr><td><b>{html.escape(head)}</b></td><td><b>{html.escape(visible_piece(token.text))}</b></td>"
        f"<td align='right'><b>{chosen}</b></td><td>#{token.id}</td></tr>"
    )
    for alt in token.top or ():
        rows.append(
            f"<tr><td></td><td>{html.escape(visible_piece(alt.text))}</td>"
            f"<td align='right'>{math.exp(alt.logprob) * 100:.1f}%</td><td>#{alt.id}</td></tr>"
        )
    label = (
        QCoreApplication.translate("Probabilities", "raw distribution")
        if source == "raw"
        else QCoreApplication.translate("Probabilities", "after sampling filters")
    )
    forced = (
        f"<br><i>{html.escape(QCoreApplication.translate('Probabilities', 'forced token'))}</i>"
        if token.forced
        else ""
    )
    return (
        f"<table cellspacing='0' cellpadding='2'>{''.join(rows)}</table>"
        f"<small>{html.escape(label)}</small>{forced}{grammar_html(token)}"
    )


def grammar_html(token: Token) -> str:
    """What the output format's grammar did at this token: the share of the model's own
    probability it forbade, and the most likely tokens it allowed ("" without a grammar)."""
    if token.grammar_removed is None:
        return ""
    removed = QCoreApplication.translate(
        "Probabilities", "The grammar removed %1% of the probability."
    ).replace("%1", f"{token.grammar_removed * 100:.1f}")
    rows = []
    for alt in token.grammar_top or ():
        rows.append(
            f"<tr><td>{html.escape(visible_piece(alt.text))}</td>"
            f"<td align='right'>{math.exp(alt.logprob) * 100:.1f}%</td><td>#{alt.id}</td></tr>"
        )
    allowed = ""
    if rows:
        head = QCoreApplication.translate("Probabilities", "Allowed by the grammar:")
        allowed = (
            f"<br><small>{html.escape(head)}</small>"
            f"<table cellspacing='0' cellpadding='2'>{''.join(rows)}</table>"
        )
    return f"<hr><b>{html.escape(removed)}</b>{allowed}"


def build_alternatives_menu(
    parent: QWidget, token: Token, *, note: str = "", blocked: bool = False
) -> QMenu:
    """A menu of the token's alternatives; each action's data() is the alternative's token id.
    `note` (a server's limit) is said under the title; with `blocked` the alternatives are
    listed but cannot be chosen, as are alternatives the server gave no id for."""
    menu = QMenu(parent)
    menu.setObjectName("alternativesMenu")
    title = menu.addAction(
        QCoreApplication.translate("Probabilities", "Regenerate from here with:")
    )
    title.setEnabled(False)
    if note:
        said = menu.addAction(note)
        said.setObjectName("alternativesNote")
        said.setEnabled(False)
    # Under a grammar only the tokens it allowed can be forced (the others would be refused).
    alternatives = token.grammar_top if token.grammar_top else token.top
    for alt in alternatives or ():
        if alt.id == token.id and alt.id >= 0:
            continue
        number = f"#{alt.id}" if alt.id >= 0 else ""
        action = menu.addAction(
            f"{math.exp(alt.logprob) * 100:5.1f}%   {visible_piece(alt.text)}   {number}".rstrip()
        )
        if blocked or alt.id < 0:
            action.setEnabled(False)
        else:
            action.setData(alt.id)
    if len(menu.actions()) == 1 + bool(note):
        none = menu.addAction(
            QCoreApplication.translate(
                "Probabilities", "No alternatives were recorded for this token"
            )
        )
        none.setEnabled(False)
    return menu
