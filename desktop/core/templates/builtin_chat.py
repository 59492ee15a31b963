"""llama.cpp's built-in chat formats as sandboxed Jinja templates, with their turn markers.

When a GGUF ships no chat template, Tessera picks one of the formats llama.cpp itself knows
(`llama_chat_builtin_templates`) and renders it through the same sandboxed Jinja path as a
file's own template, so continuing a reply, previews and the tokenizer view all work alike.
Each template here writes exactly what llama.cpp's `llama_chat_apply_template` writes for that
name (the tests compare the two); BOS is not written, the tokenizer adds it as llama.cpp does.

`stops` are the format's turn markers: with a template the model did not ship, a model may
write them as plain text instead of ending its turn, so they end the reply and never show.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.templates.chat_template import CHATML_TEMPLATE

# C++ isspace(): what llama.cpp's trim() removes (Python's str.strip() would remove more).
_WS = r"{% set ws = ' \t\n\r\x0b\x0c' %}"


@dataclass(frozen=True)
class BuiltinChatFormat:
    name: str  # llama.cpp's name (llama_chat_builtin_templates)
    template: str  # Jinja
    stops: tuple[str, ...]  # turn markers that end a reply
    family: str  # the models it is for, shown next to the name


def _each(body: str, generation: str = "") -> str:
    gen = (
        f"{{% if add_generation_prompt %}}{{{{ {generation} }}}}{{% endif %}}" if generation else ""
    )
    return _WS + "{% for m in messages %}" + body + "{% endfor %}" + gen


def _mistral(lead: str, trail: str, trim_reply: bool) -> str:
    reply = "m['content'].strip(ws)" if trim_reply else "m['content']"
    return (
        _WS + "{% set ns = namespace(inside=false) %}{% for m in messages %}"
        f"{{% if not ns.inside %}}{{{{ '{lead}[INST]{trail}' }}}}{{% set ns.inside = true %}}"
        "{% endif %}"
        "{% if m['role'] == 'system' %}{{ m['content'] + '\\n\\n' }}"
        f"{{% elif m['role'] == 'user' %}}{{{{ m['content'] + '{lead}[/INST]' }}}}"
        f"{{% else %}}{{{{ '{trail}' + {reply} + '</s>' }}}}{{% set ns.inside = false %}}"
        "{% endif %}{% endfor %}"
    )


def _mistral_v7(space: str) -> str:
    return _each(
        "{% if m['role'] == 'system' %}"
        f"{{{{ '[SYSTEM_PROMPT]{space}' + m['content'] + '[/SYSTEM_PROMPT]' }}}}"
        f"{{% elif m['role'] == 'user' %}}{{{{ '[INST]{space}' + m['content'] + '[/INST]' }}}}"
        f"{{% else %}}{{{{ '{space}' + m['content'] + '</s>' }}}}{{% endif %}}"
    )


def _llama2(system: bool) -> str:
    sys_part = (
        "{{ '<<SYS>>\\n' + m['content'] + '\\n<</SYS>>\\n\\n' }}"
        if system
        else "{{ m['content'] + '\\n' }}"
    )
    return (
        "{% set ns = namespace(inside=true) %}{{ '[INST] ' }}{% for m in messages %}"
        "{% if not ns.inside %}{% set ns.inside = true %}{{ '[INST] ' }}{% endif %}"
        f"{{% if m['role'] == 'system' %}}{sys_part}"
        "{% elif m['role'] == 'user' %}{{ m['content'] + ' [/INST]' }}"
        "{% else %}{{ m['content'] + '</s>' }}{% set ns.inside = false %}{% endif %}"
        "{% endfor %}"
    )


_GEMMA = (
    _WS + "{% set ns = namespace(sys='') %}{% for m in messages %}"
    "{% if m['role'] == 'system' %}{% set ns.sys = ns.sys + m['content'].strip(ws) %}"
    "{% else %}{% set role = 'model' if m['role'] == 'assistant' else m['role'] %}"
    "{{ '<start_of_turn>' + role + '\\n' }}"
    "{% if ns.sys and role != 'model' %}{{ ns.sys + '\\n\\n' }}{% set ns.sys = '' %}{% endif %}"
    "{{ m['content'].strip(ws) + '<end_of_turn>\\n' }}{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}"
)

_EOS_DEEPSEEK = "<\uff5cend\u2581of\u2581sentence\uff5c>"
_USER_DEEPSEEK3 = "<\uff5cUser\uff5c>"
_ASSISTANT_DEEPSEEK3 = "<\uff5cAssistant\uff5c>"


def _formats() -> tuple[BuiltinChatFormat, ...]:
    f = BuiltinChatFormat
    return (
        f(
            "chatml",
            CHATML_TEMPLATE,
            ("<|im_end|>", "<|im_start|>"),
            "ChatML: Qwen, SmolLM, Hermes",
        ),
        f("gemma", _GEMMA, ("<end_of_turn>", "<start_of_turn>"), "Gemma"),
        f(
            "llama3",
            _each(
                "{{ '<|start_header_id|>' + m['role'] + '<|end_header_id|>\\n\\n' "
                "+ m['content'].strip(ws) + '<|eot_id|>' }}",
                "'<|start_header_id|>assistant<|end_header_id|>\\n\\n'",
            ),
            ("<|eot_id|>", "<|start_header_id|>"),
            "Llama 3",
        ),
        f(
            "llama4",
            _each(
                "{{ '<|header_start|>' + m['role'] + '<|header_end|>\\n\\n' "
                "+ m['content'].strip(ws) + '<|eot|>' }}",
                "'<|header_start|>assistant<|header_end|>\\n\\n'",
            ),
            ("<|eot|>", "<|header_start|>"),
            "Llama 4",
        ),
        f("llama2", _llama2(system=False), ("</s>", "[INST]"), "Llama 2"),
        f("llama2-sys", _llama2(system=True), ("</s>", "[INST]"), "Llama 2 with a system prompt"),
        f("mistral-v1", _mistral(" ", " ", False), ("</s>", "[INST]"), "Mistral 7B v0.1"),
        f("mistral-v3", _mistral("", " ", True), ("</s>", "[INST]"), "Mistral v0.3, Mixtral"),
        f(
            "mistral-v3-tekken",
            _mistral("", "", False),
            ("</s>", "[INST]"),
            "Mistral Nemo (Tekken tokenizer)",
        ),
        f("mistral-v7", _mistral_v7(" "), ("</s>", "[INST]"), "Mistral Large 2411"),
        f(
            "mistral-v7-tekken",
            _mistral_v7(""),
            ("</s>", "[INST]"),
            "Mistral Small 3 (Tekken tokenizer)",
        ),
        f(
            "phi3",
            _each(
                "{{ '<|' + m['role'] + '|>\\n' + m['content'] + '<|end|>\\n' }}",
                "'<|assistant|>\\n'",
            ),
            ("<|end|>", "<|user|>", "<|system|>"),
            "Phi-3",
        ),
        f(
            "phi4",
            _each(
                "{{ '<|im_start|>' + m['role'] + '<|im_sep|>' + m['content'] + '<|im_end|>' }}",
                "'<|im_start|>assistant<|im_sep|>'",
            ),
            ("<|im_end|>", "<|im_start|>"),
            "Phi-4",
        ),
        f(
            "falcon3",
            _each("{{ '<|' + m['role'] + '|>\\n' + m['content'] + '\\n' }}", "'<|assistant|>\\n'"),
            ("<|user|>", "<|system|>"),
            "Falcon 3",
        ),
        f(
            "zephyr",
            _each(
                "{{ '<|' + m['role'] + '|>\\n' + m['content'] + '<|endoftext|>\\n' }}",
                "'<|assistant|>\\n'",
            ),
            ("<|endoftext|>", "<|user|>", "<|system|>"),
            "Zephyr",
        ),
        f(
            "deepseek",
            _each(
                "{% if m['role'] == 'system' %}{{ m['content'] }}"
                "{% elif m['role'] == 'user' %}{{ '### Instruction:\\n' + m['content'] + '\\n' }}"
                "{% elif m['role'] == 'assistant' %}"
                "{{ '### Response:\\n' + m['content'] + '\\n<|EOT|>\\n' }}{% endif %}",
                "'### Response:\\n'",
            ),
            ("<|EOT|>", "### Instruction:"),
            "DeepSeek Coder",
        ),
        f(
            "deepseek2",
            _each(
                "{% if m['role'] == 'system' %}{{ m['content'] + '\\n\\n' }}"
                "{% elif m['role'] == 'user' %}{{ 'User: ' + m['content'] + '\\n\\n' }}"
                "{% elif m['role'] == 'assistant' %}"
                f"{{{{ 'Assistant: ' + m['content'] + '{_EOS_DEEPSEEK}' }}}}{{% endif %}}",
                "'Assistant:'",
            ),
            (_EOS_DEEPSEEK,),
            "DeepSeek V2",
        ),
        f(
            "deepseek3",
            _each(
                "{% if m['role'] == 'system' %}{{ m['content'] + '\\n\\n' }}"
                f"{{% elif m['role'] == 'user' %}}{{{{ '{_USER_DEEPSEEK3}' + m['content'] }}}}"
                "{% elif m['role'] == 'assistant' %}"
                f"{{{{ '{_ASSISTANT_DEEPSEEK3}' + m['content'] + '{_EOS_DEEPSEEK}' }}}}"
                "{% endif %}",
                f"'{_ASSISTANT_DEEPSEEK3}'",
            ),
            (_EOS_DEEPSEEK, _USER_DEEPSEEK3),
            "DeepSeek V3, R1 and R1 distills",
        ),
        f(
            "command-r",
            _each(
                "{% set tag = {'system': '<|SYSTEM_TOKEN|>', 'user': '<|USER_TOKEN|>', "
                "'assistant': '<|CHATBOT_TOKEN|>'}.get(m['role']) %}"
                "{% if tag %}{{ '<|START_OF_TURN_TOKEN|>' + tag + m['content'].strip(ws) "
                "+ '<|END_OF_TURN_TOKEN|>' }}{% endif %}",
                "'<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>'",
            ),
            ("<|END_OF_TURN_TOKEN|>", "<|START_OF_TURN_TOKEN|>"),
            "Command R",
        ),
        f(
            "exaone3",
            _each(
                "{% if m['role'] == 'system' %}"
                "{{ '[|system|]' + m['content'].strip(ws) + '[|endofturn|]\\n' }}"
                "{% elif m['role'] == 'user' %}{{ '[|user|]' + m['content'].strip(ws) + '\\n' }}"
                "{% elif m['role'] == 'assistant' %}"
                "{{ '[|assistant|]' + m['content'].strip(ws) + '[|endofturn|]\\n' }}{% endif %}",
                "'[|assistant|]'",
            ),
            ("[|endofturn|]", "[|user|]"),
            "EXAONE 3",
        ),
        f(
            "granite",
            _each(
                "{{ '<|start_of_role|>' + m['role'] + '<|end_of_role|>' }}"
                "{% if m['role'] == 'assistant_tool_call' %}{{ '<|tool_call|>' }}{% endif %}"
                "{{ m['content'] + '<|end_of_text|>\\n' }}",
                "'<|start_of_role|>assistant<|end_of_role|>'",
            ),
            ("<|end_of_text|>", "<|start_of_role|>"),
            "Granite 3",
        ),
    )


BUILTIN_FORMATS: dict[str, BuiltinChatFormat] = {fmt.name: fmt for fmt in _formats()}
CHATML = BUILTIN_FORMATS["chatml"]


def builtin_format(name: str | None) -> BuiltinChatFormat | None:
    """The built-in format called `name` (llama.cpp's names), or None."""
    return BUILTIN_FORMATS.get((name or "").strip())


def builtin_names() -> list[str]:
    return list(BUILTIN_FORMATS)
