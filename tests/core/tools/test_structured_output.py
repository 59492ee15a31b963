"""Grammar-constrained replies on the random-weight model: they always parse and validate."""

from __future__ import annotations

import itertools
import json

import pytest

from desktop.core.engine.client import EngineClient, EngineError
from desktop.core.engine.protocol import ChatMessage, GenerateRequest, GrammarSpec, SamplingParams
from desktop.core.tools.gbnf import GrammarError
from desktop.core.tools.output_format import (
    FormatError,
    OutputFormat,
    format_from_dict,
    format_from_response_format,
    format_to_dict,
)
from desktop.core.tools.request import RequestOptions, interpret_reply, prepare_request
from desktop.core.tools.schema_grammar import SchemaError, schema_to_gbnf
from desktop.core.tools.validation import check_reply

_ids = itertools.count(1)
ASK = (ChatMessage("user", "Describe a person as JSON."),)

PERSON = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 12},
        "age": {"type": "integer", "minimum": 18, "maximum": 99},
        "score": {"type": "integer", "exclusiveMinimum": -5, "exclusiveMaximum": 5},
        "role": {"enum": ["admin", "user", "访客"]},
        "tags": {"type": "array", "items": {"type": "boolean"}, "maxItems": 3},
        "nick": {"type": ["string", "null"], "maxLength": 4},
    },
    "required": ["name", "age", "score", "role", "tags"],
    "additionalProperties": False,
}


def generate(engine: EngineClient, fmt: OutputFormat, seed: int, top: int = 0, temp=1.0):
    prepared = prepare_request(
        next(_ids),
        ASK,
        SamplingParams(temperature=temp, seed=seed, max_tokens=300),
        engine.model_info.chat_template,
        RequestOptions(output_format=fmt),
        top_logprobs=top,
    )
    gen = engine.generate(prepared.request)
    done = gen.wait(120)
    return gen, done, interpret_reply(prepared, done)


def test_schema_replies_always_parse_and_validate(engine: EngineClient) -> None:
    fmt = format_from_dict({"json_schema": PERSON})
    for seed in range(12):
        _, done, outcome = generate(engine, fmt, seed)
        assert done.finish_reason == "stop", done.text
        assert outcome.check is not None and outcome.check.ok, (done.text, outcome.check)
        value = json.loads(done.text)
        assert 18 <= value["age"] <= 99 and -5 < value["score"] < 5


def test_any_json_object_parses(engine: EngineClient) -> None:
    fmt = format_from_response_format({"type": "json_object"})
    parsed = 0
    for seed in range(6):
        _, done, outcome = generate(engine, fmt, seed, temp=0.7)
        if done.finish_reason == "stop":  # a random model may nest past max_tokens
            assert isinstance(json.loads(done.text), dict)
            parsed += 1
        else:
            assert outcome.check is not None and not outcome.check.ok
            assert outcome.check.problems[0].code == "tools.reply_cut_short"
    assert parsed >= 1


def test_gbnf_grammar_holds_for_every_seed(engine: EngineClient) -> None:
    fmt = format_from_dict({"grammar": 'root ::= ("yes" | "no" | "可能") "." [0-9]{2}'})
    for seed in range(8):
        _, done, _ = generate(engine, fmt, seed)
        head, _, digits = done.text.partition(".")
        assert head in ("yes", "no", "可能") and len(digits) == 2 and digits.isdigit()


def test_probability_mass_removed_by_the_grammar(engine: EngineClient) -> None:
    fmt = format_from_dict({"json_schema": PERSON})
    gen, done, _ = generate(engine, fmt, seed=3, top=5)
    tokens = gen.tokens
    assert all(t.grammar_removed is not None and 0 <= t.grammar_removed <= 1 for t in tokens)
    first = tokens[0]  # only "{" or " " may start: the random model put most mass elsewhere
    assert first.grammar_removed > 0.5
    assert {t.text for t in first.grammar_top} <= {"{", " {", " "}
    assert any(alt.text not in ("{", " ") for alt in first.top)  # unconstrained top-N differs
    cost = done.constraint
    # every sampling step counts, the end of turn the grammar allowed included
    assert cost is not None and cost.tokens == len(tokens) + 1 and cost.nats > 0
    assert 0 < cost.mean_removed <= cost.max_removed <= 1


def test_checked_pick_agrees_with_grammar_first(engine: EngineClient) -> None:
    # Without probabilities the chain's pick is checked first; greedy, both paths must agree.
    fmt = format_from_dict({"json_schema": PERSON})
    _, measured, _ = generate(engine, fmt, seed=0, top=5, temp=0.0)
    _, plain, _ = generate(engine, fmt, seed=0, top=0, temp=0.0)
    assert plain.text == measured.text and plain.constraint is None


def test_free_text_has_no_grammar_fields(engine: EngineClient) -> None:
    gen, done, outcome = generate(engine, OutputFormat(), seed=1, top=3)
    assert outcome.check is None and done.constraint is None
    assert all(t.grammar_removed is None for t in gen.tokens)


def test_bad_grammar_is_an_error_not_a_crash(engine: EngineClient) -> None:
    req = GenerateRequest(
        next(_ids), SamplingParams(max_tokens=5), messages=ASK, grammar=GrammarSpec("root ::= x")
    )
    with pytest.raises(EngineError, match="grammar"):
        engine.generate(req).wait(60)
    forced = engine.tokenize("no")
    req = GenerateRequest(
        next(_ids),
        SamplingParams(max_tokens=5),
        messages=ASK,
        grammar=GrammarSpec('root ::= "yes"'),
        forced_tokens=tuple(forced),
    )
    with pytest.raises(EngineError, match="not allowed"):
        engine.generate(req).wait(60)
    assert engine.is_loaded  # the engine survived both
    assert engine.generate(
        GenerateRequest(next(_ids), SamplingParams(max_tokens=3), text="hi")
    ).wait(60)


@pytest.mark.parametrize(
    ("data", "error", "needle"),
    [
        ({"format": "xml"}, FormatError, "Unknown output format"),
        ({"format": "json_schema"}, FormatError, "needs json_schema"),
        ({"json_schema": "{not json"}, SchemaError, "not valid JSON"),
        ({"json_schema": {"type": "strnig"}}, SchemaError, "/type"),
        (
            {"json_schema": {"type": "integer", "minimum": 3, "maximum": 2}},
            SchemaError,
            "No integer",
        ),
        ({"grammar": 'root ::= "a" b'}, GrammarError, "rule b"),
        ({"grammar": 'root ::= "a'}, GrammarError, "line 1, column 12"),
        ({"grammar": "x ::= y\ny ::= x"}, GrammarError, "no rule named root"),
        ({"json_schema": {}, "grammar": "root ::= x"}, FormatError, "not both"),
    ],
)
def test_bad_formats_are_clear_messages(data, error, needle) -> None:
    with pytest.raises(error) as info:
        format_from_dict(data)
    assert needle in str(info.value)
    assert info.value.user_message.code.startswith("tools.")


def test_formats_round_trip_through_plain_data() -> None:
    for data in ({}, {"format": "json"}, {"format": "json_schema", "json_schema": PERSON}):
        assert format_to_dict(format_from_dict(data)) == data
    fmt = format_from_response_format(
        {"type": "json_schema", "json_schema": {"name": "person", "schema": PERSON, "strict": True}}
    )
    assert fmt.kind == "json_schema" and fmt.name == "person" and fmt.schema == PERSON


def test_unenforced_keywords_are_named_and_then_validated() -> None:
    schema = {
        "type": "object",
        "properties": {
            "x": {"type": "number", "minimum": 0},
            "u": {"type": "array", "uniqueItems": True},
        },
    }
    grammar = schema_to_gbnf(schema)
    said = " ".join(str(m) for m in grammar.not_enforced)
    assert "minimum at /properties/x" in said and "uniqueItems at /properties/u" in said
    fmt = format_from_dict({"json_schema": schema})
    check = check_reply(fmt, '{"x": -1, "u": [1, 1]}')
    assert not check.ok and {str(p).split(":")[0] for p in check.problems} == {"At /u", "At /x"}
    assert check_reply(fmt, '{"x": 1', "length").problems[0].code == "tools.reply_cut_short"


def test_generated_strings_have_no_raw_control_characters() -> None:
    # llama-cpp-python's converter lets a string hold a raw newline, which json.loads refuses.
    assert "\\x00-\\x1F" in schema_to_gbnf({"type": "string"}).gbnf
