"""Template variables: parsing, defaults, escaping, missing/unknown reporting, diffs, built-ins."""

from __future__ import annotations

import pytest

from desktop.core.templates.builtin import (
    BuiltinTemplateError,
    find_builtin,
    load_builtin_templates,
    parse_builtin,
)
from desktop.core.templates.variables import (
    MissingVariables,
    TemplateSyntaxProblems,
    check_values,
    diff_lines,
    diff_versions,
    escape_literal,
    parse_template,
    render,
    render_prompt,
    template_variables,
    unified_diff,
)


def test_variables_in_first_use_order_with_defaults() -> None:
    parsed = parse_template(
        "Dear {{ name }}, in {{tone=a friendly tone}} about {{topic}}. Bye {{name}}"
    )
    assert parsed.names == ("name", "tone", "topic")
    assert [v.default for v in parsed.variables] == [None, "a friendly tone", None]
    assert [v.required for v in parsed.variables] == [True, False, True]
    assert len(parsed.placeholders) == 4
    assert parsed.problems == ()


def test_render_substitutes_values_and_defaults() -> None:
    text = "Dear {{ name }}, in {{tone=a friendly tone}}: {{name}}!"
    assert render(text, {"name": "Ada"}) == "Dear Ada, in a friendly tone: Ada!"
    assert render(text, {"name": "Ada", "tone": "brief"}) == "Dear Ada, in brief: Ada!"


def test_chinese_names_and_values() -> None:
    text = "作为{{角色}}，请执行{{任务}}。"
    assert parse_template(text).names == ("角色", "任务")
    assert render(text, {"角色": "翻译", "任务": "翻译这句话"}) == "作为翻译，请执行翻译这句话。"


def test_missing_variable_reported_before_rendering() -> None:
    with pytest.raises(MissingVariables) as info:
        render("{{a}} and {{b}} and {{c=x}}", {"a": "1"})
    assert info.value.names == ("b",)
    assert "b" in str(info.value)


def test_non_strict_preview_keeps_missing_placeholders_visible() -> None:
    assert render("Hi {{name}} {{x=1}}", {}, strict=False) == "Hi {{name}} 1"


def test_escaped_braces_render_literally_and_are_not_variables() -> None:
    text = r"Use \{{name}} for a variable; {{real}}; JSON {\"a\": {\"b\": 1}}"
    parsed = parse_template(text)
    assert parsed.names == ("real",)
    assert parsed.problems == ()
    assert (
        render(text, {"real": "R"}) == r"Use {{name}} for a variable; R; JSON {\"a\": {\"b\": 1}}"
    )


def test_double_backslash_keeps_one_backslash_and_the_placeholder() -> None:
    assert render(r"path\\{{dir}}", {"dir": "x"}) == "path\\x"
    assert render(r"\\\{{dir}}", {}) == r"\{{dir}}"


@pytest.mark.parametrize(
    "text", ["a {{b}} \\{{c}} \\\\{{b}}", "{{x}}", "\\\\\\{{", "no braces", "}} {{ }}"]
)
def test_escape_literal_round_trips(text: str) -> None:
    escaped = escape_literal(text)
    assert parse_template(escaped).variables == ()
    assert render(escaped, {}) == text


@pytest.mark.parametrize(
    ("text", "bad", "message"),
    [
        ("Hello {{user name}}!", "{{user name}}", "Not a variable name"),
        ("Hello {{}}!", "{{}}", "Empty placeholder"),
        ("Hello {{1st}}!", "{{1st}}", "Not a variable name"),
        ("Hello {{name", "{{name", "Unclosed"),
    ],
)
def test_unknown_placeholders_are_reported_with_their_span(
    text: str, bad: str, message: str
) -> None:
    (problem,) = parse_template(text).problems
    assert text[problem.start : problem.end] == bad
    assert message in str(problem.message)
    with pytest.raises(TemplateSyntaxProblems) as info:
        render(text, {"name": "x"})
    assert bad in str(info.value)


def test_render_prompt_checks_system_and_body_together() -> None:
    with pytest.raises(MissingVariables) as info:
        render_prompt("chat", "You are {{role}}.", "Do {{task}}.", {"task": "x"})
    assert info.value.names == ("role",)
    prompt = render_prompt(
        "chat", "You are {{role=an expert}}.", "As {{role}}, do {{task}}.", {"task": "x"}
    )
    assert prompt.system == "You are an expert."
    assert prompt.user == "As an expert, do x."
    assert prompt.text == "You are an expert.\n\nAs an expert, do x."
    completion = render_prompt("completion", "", "Q: {{q}}\nA:", {"q": "2+2"})
    assert completion.text == "Q: 2+2\nA:"


def test_check_values_lists_unused_values_as_likely_typos() -> None:
    report = check_values("", "{{name}}", {"nmae": "x"})
    assert report.missing == ("name",)
    assert report.unused == ("nmae",)
    assert not report.ok


def test_diff_between_versions() -> None:
    old = {"system": "Be brief.", "body": "Summarize:\n{{text}}\nin one line."}
    new = {"system": "Be brief.", "body": "Summarize:\n{{text}}\nin two lines."}
    diff = diff_versions(old, new)
    assert "-in one line." in diff and "+in two lines." in diff
    assert "system" not in diff  # unchanged parts are not shown
    assert diff_versions(old, old) == ""
    tags = [(d.tag, d.text) for d in diff_lines(old["body"], new["body"])]
    assert ("-", "in one line.") in tags and ("+", "in two lines.") in tags
    assert unified_diff("你好\n", "您好\n").splitlines()[-2:] == ["-你好", "+您好"]


def test_every_builtin_template_loads_in_both_languages() -> None:
    templates = load_builtin_templates()
    by_lang: dict[str, set[str]] = {}
    for t in templates:
        by_lang.setdefault(t.language, set()).add(t.name.removesuffix("-zh"))
        assert t.body and t.title and t.kind in ("chat", "completion")
    expected = {
        "structured",
        "few-shot",
        "step-by-step",
        "summarize",
        "translate",
        "explain-code",
        "extract-json",
    }
    assert by_lang["en"] == expected
    assert by_lang["zh-CN"] == expected


def test_builtin_structured_prompt_in_chinese_renders() -> None:
    t = find_builtin("structured-zh")
    assert t is not None
    assert [f.label for f in t.fields] == ["角色", "任务", "要求", "补充说明"]
    prompt = render_prompt(
        t.kind, t.system, t.body, {"role": "老师", "task": "讲解分词", "requirements": "简洁"}
    )
    assert "作为老师，请执行" in prompt.user and "根据" in prompt.user and "另外" in prompt.user
    assert prompt.user.endswith("无")  # the default for notes


def test_same_variables_in_both_languages() -> None:
    for t in load_builtin_templates():
        if t.language == "zh-CN":
            en = find_builtin(t.name.removesuffix("-zh"))
            assert en is not None
            assert {v.name for v in t.variables} == {v.name for v in en.variables}


def test_find_builtin_by_title_case_insensitive() -> None:
    assert find_builtin("TRANSLATE") is not None
    assert find_builtin("翻译") is not None
    assert find_builtin("nope") is None


def test_bad_builtin_file_is_refused_with_its_name() -> None:
    with pytest.raises(BuiltinTemplateError, match="x.yaml"):
        parse_builtin(
            {"name": "x", "title": "X", "language": "en", "body": "{{bad name}}"}, "x.yaml"
        )
    with pytest.raises(BuiltinTemplateError, match="kind"):
        parse_builtin(
            {"name": "x", "title": "X", "language": "en", "body": "b", "kind": "other"}, "x.yaml"
        )
    assert template_variables(None, "{{a}}", "") == template_variables("{{a}}")
