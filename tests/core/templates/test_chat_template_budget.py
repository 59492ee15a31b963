"""A model's chat template is untrusted code: it gets a time and a size budget, on any thread,
in the window's process and in the engine process, with an error that says what happened."""

from __future__ import annotations

import threading
import tracemalloc

import pytest

from desktop.core.templates.chat_template import ChatTemplateError, render_chat
from desktop.core.templates.render_budget import MAX_CHARS

USER = [{"role": "user", "content": "hello"}]

SLOW = {
    "nested loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}x"
    ),
    "nested loops with output": (
        "{% for i in range(100000) %}{% for j in range(100000) %}.{% endfor %}{% endfor %}"
    ),
    "exponential macro": (
        "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(60) }}x"
    ),
    "loop over messages forever": (
        "{% for i in range(100000) %}{% for m in messages * 100000 %}"
        "{% if m.role == 'nobody' %}x{% endif %}{% endfor %}{% endfor %}"
    ),
}

LARGE = {
    "string repetition": "{{ 'x' * 100000000 }}",
    "repetition of a message": "{{ messages[0]['content'] * 50000000 }}",
    "list repetition": "{{ ([1] * 100000000) | length }}",
    "doubling with ~": (
        "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s | length }}"
    ),
    "doubling with +": (
        "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}{{ ns.s | length }}"
    ),
    "doubling in a block set": (
        "{% set ns = namespace(s='ab') %}{% for i in range(40) %}"
        "{% set block %}{{ ns.s }}{{ ns.s }}{% endset %}{% set ns.s = block %}{% endfor %}"
    ),
    "format width": "{{ '{:>999999999}'.format(1) }}",
    "printf width": "{{ '%999999999d' % 1 }}",
    "printf star width": "{{ '%*d' % (999999999, 1) }}",
    "nested format width": "{{ '{:>{w}}'.format(1, w=999999999) }}",
    "slice filter count": "{{ ([1, 2] | slice(999999999) | list) | length }}",
    "format filter width": "{{ '%999999999s' | format('x') }}",
    "center filter": "{{ 'x' | center(999999999) }}",
    "ljust method": "{{ 'x'.ljust(999999999) }}",
    "indent filter": "{{ ('a\\n' * 100000) | indent(10000) }}",
    "replace filter": "{{ ('a' * 100000) | replace('', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' * 10) }}",
    "replace method": "{{ ('a' * 100000).replace('a', 'b' * 1000) }}",
    "join filter": "{{ (['x' * 1000000] * 100) | join }}",
    "big integer": "{{ 2 ** 1000000000 }}",
    "squaring": (
        "{% set ns = namespace(n=3) %}{% for i in range(64) %}{% set ns.n = ns.n * ns.n %}"
        "{% endfor %}{{ ns.n > 0 }}"
    ),
}


@pytest.mark.parametrize("name", list(SLOW))
def test_a_template_that_runs_too_long_is_stopped_with_a_clear_message(name):
    with pytest.raises(ChatTemplateError) as err:
        render_chat(USER, SLOW[name], time_budget=0.3)
    assert err.value.user_message.code == "chat_template.timeout"
    assert "did not finish in 0.3 s" in err.value.message


@pytest.mark.parametrize("name", list(LARGE))
def test_a_template_that_builds_too_much_text_is_stopped_before_it_takes_the_memory(name):
    tracemalloc.start()
    try:
        with pytest.raises(ChatTemplateError) as err:
            render_chat(USER, LARGE[name], time_budget=30)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.value.user_message.code == "chat_template.too_large", err.value.message
    assert f"more than {MAX_CHARS + 4 * 5:,} characters" in err.value.message
    # Without the budget each of these takes 0.4 to 8+ GB; with it, at most about twice
    # the largest text allowed (16 M characters) exists at once (measured: 24 MB at most).
    assert peak < 64 * 2**20, f"{peak / 2**20:.0f} MB"


def test_the_budget_holds_on_a_worker_thread():
    errors: list[BaseException] = []

    def render() -> None:
        try:
            render_chat(USER, SLOW["nested loops"], time_budget=0.3)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            errors.append(exc)

    thread = threading.Thread(target=render)
    thread.start()
    thread.join(60)
    assert not thread.is_alive()
    assert isinstance(errors[0], ChatTemplateError)
    assert errors[0].user_message.code == "chat_template.timeout"


def test_real_templates_keep_working_under_the_budget():
    """Loops, macros, filters, namespace, loop.last, recursion through `loop`: as a Llama 3 or
    Qwen template uses them, on a long conversation."""
    template = (
        "{% macro role(m) %}{{ m['role'] | upper }}{% endmacro %}"
        "{% set ns = namespace(n=0) %}"
        "{% for m in messages %}{% set ns.n = ns.n + 1 %}"
        "<|{{ role(m) }}|>{{ m['content'] | trim }}{{ '\\n' if not loop.last else '' }}"
        "{% endfor %}"
        "{% for item in tree recursive %}[{{ item.name }}{{ loop(item.children) }}]{% endfor %}"
        "{{ '%05d' | format(ns.n) }}{{ 'ab' * 3 }}{{ [1, 2] + [3] }}{{ 'x,y'.split(',') | join('-') }}"
        "{{ ' %d' % 1700000000 }}{{ ' {}'.format(1700000000) }}{{ 1700000000 | string | length }}"
    )
    messages = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": f" turn {i} "}
        for i in range(2000)
    ]
    tree = [{"name": "a", "children": [{"name": "b", "children": []}]}]
    text = render_chat(messages, template, extra={"tree": tree}).text
    assert text.startswith("<|USER|>turn 0\n<|ASSISTANT|>turn 1\n")
    assert text.endswith(
        "<|ASSISTANT|>turn 1999[a[b]]02000ababab[1, 2, 3]x-y 1700000000 170000000010"
    )


def test_a_long_conversation_may_render_longer_than_the_fixed_budget():
    """The size budget grows with the messages: a 20 MB paste still renders."""
    big = "x" * 20_000_000
    text = render_chat([{"role": "user", "content": big}], None).text
    assert len(text) > 20_000_000
