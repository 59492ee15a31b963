"""Why an experiment cannot run, or its file cannot be read: translatable messages and errors."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.core.messages import (
    QT_TRANSLATE_NOOP,
    Message,
    MessageSpec,
    UserError,
    join,
)


def _spec(code: str, template: str) -> MessageSpec:
    return MessageSpec(f"experiments.{code}", template)


# Where a problem is: "cases.csv, line 4", "exp.yaml, config 2".
AT = _spec("at", QT_TRANSLATE_NOOP("CoreMessages", "{where}: {problem}"))
AT_LINE = _spec("at.line", QT_TRANSLATE_NOOP("CoreMessages", "{source}, line {line}"))
AT_TEMPLATE = _spec("at.template", QT_TRANSLATE_NOOP("CoreMessages", "{source}, template {index}"))
AT_CASE = _spec("at.case", QT_TRANSLATE_NOOP("CoreMessages", "{source}, case {index}"))
AT_CONFIG = _spec("at.config", QT_TRANSLATE_NOOP("CoreMessages", "{source}, config {index}"))
AT_CHECK = _spec("at.check", QT_TRANSLATE_NOOP("CoreMessages", "Check {index}"))

# Files and CSV.
NOT_CSV = _spec("not_csv", QT_TRANSLATE_NOOP("CoreMessages", "not valid CSV ({reason})"))
NO_HEADER = _spec(
    "no_header", QT_TRANSLATE_NOOP("CoreMessages", "no header row (expected variable names)")
)
EMPTY_COLUMN = _spec(
    "empty_column", QT_TRANSLATE_NOOP("CoreMessages", "the header has an empty column name")
)
REPEATED_COLUMN = _spec(
    "repeated_column", QT_TRANSLATE_NOOP("CoreMessages", "the header repeats a column name")
)
TOO_MANY_CELLS = _spec(
    "too_many_cells", QT_TRANSLATE_NOOP("CoreMessages", "{cells} cells but {columns} columns")
)
TOO_LARGE = _spec("too_large", QT_TRANSLATE_NOOP("CoreMessages", "{size} MB is too large"))
FILE_NOT_FOUND = _spec(
    "file_not_found", QT_TRANSLATE_NOOP("CoreMessages", "File not found: {path}")
)
NOT_UTF8 = _spec("not_utf8", QT_TRANSLATE_NOOP("CoreMessages", "not UTF-8 text"))
NOT_READABLE = _spec("not_readable", QT_TRANSLATE_NOOP("CoreMessages", "{reason}"))
NOT_PARSABLE = _spec(
    "not_parsable", QT_TRANSLATE_NOOP("CoreMessages", "not valid {format}: {reason}")
)
NOT_A_MAPPING = _spec(
    "not_a_mapping",
    QT_TRANSLATE_NOOP("CoreMessages", "expected a mapping with templates, cases and configs"),
)
CASES_NOT_LIST = _spec(
    "cases_not_list", QT_TRANSLATE_NOOP("CoreMessages", "'cases' must be a list")
)
REPEATS_NOT_WHOLE = _spec(
    "repeats_not_whole", QT_TRANSLATE_NOOP("CoreMessages", "'repeats' must be a whole number")
)
EMPTY_LIST = _spec(
    "empty_list", QT_TRANSLATE_NOOP("CoreMessages", "'{key}' must be a non-empty list")
)
KEY_MISSING = _spec("key_missing", QT_TRANSLATE_NOOP("CoreMessages", "'{key}' is missing"))
EXPECTED_MAPPING = _spec(
    "expected_mapping", QT_TRANSLATE_NOOP("CoreMessages", "expected a mapping")
)
NO_BUILTIN = _spec(
    "no_builtin", QT_TRANSLATE_NOOP("CoreMessages", "no built-in template named '{name}'")
)
NEEDS_LIBRARY = _spec(
    "needs_library", QT_TRANSLATE_NOOP("CoreMessages", "saved templates need the template library")
)
TEMPLATE_LOOKUP = _spec("template_lookup", QT_TRANSLATE_NOOP("CoreMessages", "{reason}"))
NO_BODY = _spec(
    "no_body", QT_TRANSLATE_NOOP("CoreMessages", "give 'builtin', 'template' or an inline 'body'")
)
CASE_NOT_MAPPING = _spec(
    "case_not_mapping", QT_TRANSLATE_NOOP("CoreMessages", "expected a mapping of variable values")
)
CONFIG_NOT_MAPPING = _spec(
    "config_not_mapping", QT_TRANSLATE_NOOP("CoreMessages", "expected a mapping with 'model'")
)
CONFIG_NO_MODEL = _spec(
    "config_no_model", QT_TRANSLATE_NOOP("CoreMessages", "'model' (a GGUF file path) is missing")
)
UNKNOWN_SETTING = _spec(
    "unknown_setting", QT_TRANSLATE_NOOP("CoreMessages", "unknown setting '{key}'")
)

# Checks.
UNKNOWN_CHECK = _spec(
    "check.unknown",
    QT_TRANSLATE_NOOP("CoreMessages", "Unknown check '{kind}'; use one of: {kinds}"),
)
CHECK_NEEDS_VALUE = _spec(
    "check.needs_value", QT_TRANSLATE_NOOP("CoreMessages", "The check '{kind}' needs a value")
)
CHECK_NEEDS_NUMBER = _spec(
    "check.needs_number",
    QT_TRANSLATE_NOOP("CoreMessages", "'at most N tokens' needs a whole number, got '{value}'"),
)
CHECK_BAD_REGEX = _spec(
    "check.bad_regex",
    QT_TRANSLATE_NOOP("CoreMessages", "Invalid regular expression '{value}': {reason}"),
)
CHECK_AMBIGUOUS = _spec(
    "check.ambiguous", QT_TRANSLATE_NOOP("CoreMessages", "expected one of {kinds}, got {item}")
)
NOT_A_CHECK = _spec("check.not_a_check", QT_TRANSLATE_NOOP("CoreMessages", "not a check: {item}"))

# Validation before a run.
NO_VERSIONS = _spec(
    "no_versions", QT_TRANSLATE_NOOP("CoreMessages", "Add at least one prompt version.")
)
NO_CASES = _spec(
    "no_cases",
    QT_TRANSLATE_NOOP("CoreMessages", "Add at least one test case (a case may have no values)."),
)
NO_CONFIGS = _spec(
    "no_configs",
    QT_TRANSLATE_NOOP("CoreMessages", "Add at least one run config (a model and its settings)."),
)
REPEATS_RANGE = _spec(
    "repeats_range", QT_TRANSLATE_NOOP("CoreMessages", "Repeats must be 1 or more.")
)
DUPLICATE_VERSION = _spec(
    "duplicate_version",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Two prompt versions are named '{label}': give each its own label."
    ),
)
DUPLICATE_CONFIG = _spec(
    "duplicate_config",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Two run configs are named '{label}': give each its own label."
    ),
)
VERSION_KIND = _spec(
    "version_kind",
    QT_TRANSLATE_NOOP("CoreMessages", "Version '{label}': kind must be chat or completion."),
)
VERSION_PROBLEM = _spec(
    "version_problem", QT_TRANSLATE_NOOP("CoreMessages", "Version '{label}': {problem}: '{text}'.")
)
CASE_MISSING = _spec(
    "case_missing",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Case '{case}' has no value for {names} (used by version '{version}')."
    ),
)
CONFIG_UNKNOWN = _spec(
    "config_unknown",
    QT_TRANSLATE_NOOP("CoreMessages", "Config '{label}': unknown setting(s) {keys}."),
)
CONFIG_BAD_VALUE = _spec(
    "config_bad_value",
    QT_TRANSLATE_NOOP("CoreMessages", "Config '{label}': {key} {reason}, not {value}."),
)
CONFIG_REMOTE_LOAD = _spec(
    "config_remote_load",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Config '{label}': load settings ({keys}) apply to local models only; the server loads "
        "its own.",
    ),
)
CONFIG_NO_FILE = _spec(
    "config_no_file",
    QT_TRANSLATE_NOOP("CoreMessages", "Config '{label}': model file not found: {path}"),
)
CONFIG_BAD_FORMAT = _spec(
    "config_bad_format",
    QT_TRANSLATE_NOOP("CoreMessages", "Config '{label}': output format: {problem}"),
)
VERSION_BAD_FORMAT = _spec(
    "version_bad_format",
    QT_TRANSLATE_NOOP("CoreMessages", "Version '{label}': output format: {problem}"),
)
FORMAT_FILE = _spec(
    "format_file",
    QT_TRANSLATE_NOOP("CoreMessages", "cannot read {key} {path}: {reason}"),
)


# Progress of a run.
BACKEND_UNAVAILABLE = _spec(
    "backend_unavailable",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Config '{label}' runs on backend '{backend}', which is not available here."
    ),
)
NEEDS_LOCAL_ENGINE = _spec(
    "needs_local_engine", QT_TRANSLATE_NOOP("CoreMessages", "Local configs need the local engine.")
)
BACKEND_FAILED = _spec("backend_failed", QT_TRANSLATE_NOOP("CoreMessages", "{backend}: {error}"))
RUNNING_ON_BACKEND = _spec(
    "running_on_backend",
    QT_TRANSLATE_NOOP("CoreMessages", "Running on {backend} ({model}), {workers} at a time"),
)
LOADING = _spec("run.loading", QT_TRANSLATE_NOOP("CoreMessages", "Loading {name}"))
LOAD_FAILED = _spec(
    "run.load_failed", QT_TRANSLATE_NOOP("CoreMessages", "Could not load {name}: {error}")
)
RUNNING_ON = _spec("run.running_on", QT_TRANSLATE_NOOP("CoreMessages", "Running on {name}"))


class CheckError(UserError, ValueError):
    """A check that cannot be evaluated as written."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)


class ExperimentFileError(UserError, ValueError):
    """A file that cannot be used; the message names the file (and place) and what is wrong."""

    def __init__(self, where: str | Message, problem: Message) -> None:
        super().__init__(AT(where=where, problem=problem))


class ExperimentInvalid(UserError, ValueError):
    """The experiment cannot run; `problems` lists every reason, one sentence each."""

    def __init__(self, problems: Sequence[Message]) -> None:
        self.problems = tuple(problems)
        super().__init__(join(self.problems, "\n"))


# Limits on what one file or one run may hold (hostile or unlucky input).
TOO_MANY_CELLS = _spec(
    "too_many_cells",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This experiment has {cells:,} cells ({versions:,} versions × {cases:,} cases × "
        "{configs:,} configs × {repeats:,} repeats); Tessera runs at most {limit:,} cells at a "
        "time. Split it into several experiments or use fewer repeats.",
    ),
)
ALIASES_EXPAND = _spec(
    "yaml.aliases_expand",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "its aliases (*name) expand to more than {limit:,} values; write the values out or use "
        "a cases CSV",
    ),
)
ALIAS_SELF = _spec(
    "yaml.alias_self", QT_TRANSLATE_NOOP("CoreMessages", "an alias (*name) refers to itself")
)
NESTED_TOO_DEEPLY = _spec(
    "nested_too_deeply", QT_TRANSLATE_NOOP("CoreMessages", "nested too deeply")
)
BROKEN_CHARACTER = _spec(
    "broken_character",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "{text} contains a broken character (a lone UTF-16 surrogate)"
    ),
)
MUST_BE_LIST = _spec("must_be_list", QT_TRANSLATE_NOOP("CoreMessages", "'{key}' must be a list"))
MUST_BE_MAPPING = _spec(
    "must_be_mapping", QT_TRANSLATE_NOOP("CoreMessages", "'{key}' must be a mapping of settings")
)
CASES_CSV_NOT_NAME = _spec(
    "cases_csv_not_name", QT_TRANSLATE_NOOP("CoreMessages", "'cases_csv' must be a file name")
)
