"""The chat injection: numbered chunks through the editable template, and what it cost."""

from __future__ import annotations

import pytest

from desktop.core.knowledge.injection import (
    InjectionTemplate,
    TemplateError,
    default_template,
    inject,
)
from tests.core.knowledge.conftest import write


@pytest.fixture
def result(library, tmp_path):
    write(tmp_path / "src" / "a.md", "Ports: the proxy uses {port} 8080 for the proxy.\n")
    write(tmp_path / "src" / "b.txt", "代理服务器的端口是八千。The proxy restarts nightly.\n")
    library.create("docs")
    library.add("docs", [tmp_path / "src"])
    library.index("docs")
    return library.search(["docs"], "proxy")


def count(text: str) -> int:
    return len(text.split())


def test_chunks_are_numbered_with_their_source_and_the_question_kept(result):
    injected = inject("Which port does the proxy use?", result, count_tokens=count)
    assert [c.number for c in injected.citations] == [1, 2]
    first = injected.hits[0]
    assert f"[1] ({first.citation.file_name}, line 1)\n{first.chunk.text}" in injected.text
    assert injected.text.endswith("Question: Which port does the proxy use?")
    assert "{port}" in injected.text  # braces in documents are text, not placeholders
    assert injected.tokens == count(injected.text) - count(injected.question)


def test_the_chinese_default_template(result):
    injected = inject("端口是多少？", result, default_template("zh_CN"))
    assert injected.text.startswith("请根据下面编号的资料回答问题")
    assert injected.text.endswith("问题：端口是多少？")


def test_a_token_budget_drops_the_lowest_ranked_chunks(result):
    full = inject("q", result, count_tokens=count)
    tight = inject("q", result, count_tokens=count, max_tokens=full.tokens - 1)
    assert tight.dropped == 1 and len(tight.hits) == 1 and tight.tokens < full.tokens


def test_an_edited_template_is_saved_and_used(library, result):
    template = InjectionTemplate("Context:\n{context}\n---\n{question}", "<{number}> {text}")
    library.save_template(template)
    injected = inject("q", result, library.template())
    assert injected.text.startswith("Context:\n<1> ") and injected.text.endswith("---\nq")
    with pytest.raises(TemplateError, match="question"):
        library.save_template(InjectionTemplate("only {context}"))


def test_no_hits_sends_the_question_as_typed(library, tmp_path):
    library.create("empty")
    nothing = library.search(["empty"], "anything")
    injected = inject("anything", nothing, count_tokens=count)
    assert (injected.text, injected.tokens, injected.hits) == ("anything", 0, ())


def test_the_injection_is_kept_with_the_reply(library, kstore, result):
    conv = kstore.conversations.create()
    kstore.messages.append_user(conv.id, "Which port?")
    reply = kstore.messages.start_assistant(conv.id, model="m")
    injected = inject("Which port?", result, count_tokens=count)
    library.save_injection(reply.id, injected)
    saved = library.repo.injection(reply.id)
    assert saved.injected_text == injected.text and saved.injected_tokens == injected.tokens
    assert [c["number"] for c in saved.citations] == [1, 2]
    assert saved.citations[0]["text"] == injected.hits[0].chunk.text
    library.repo.attach(conv.id, library.base("docs").id)
    assert [b.name for b in library.repo.attached(conv.id)] == ["docs"]
    kstore.conversations.delete(conv.id)
    assert library.repo.injection(reply.id) is None
