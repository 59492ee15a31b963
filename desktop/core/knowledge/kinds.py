"""Which files a knowledge base reads, by extension, and what kind of text each holds."""

from __future__ import annotations

from pathlib import Path

PLAIN = frozenset(
    [
        ".txt",
        ".text",
        ".rst",
        ".org",
        ".tex",
        ".csv",
        ".tsv",
        ".log",
        ".json",
        ".jsonl",
        ".yaml",
        ".yml",
        ".toml",
        ".ini",
        ".cfg",
        ".conf",
        ".xml",
        ".srt",
        ".properties",
        ".env",
        ".adoc",
    ]
)
MARKDOWN = frozenset([".md", ".markdown", ".mdx"])
CODE = frozenset(
    [
        ".py",
        ".pyi",
        ".js",
        ".mjs",
        ".cjs",
        ".ts",
        ".tsx",
        ".jsx",
        ".java",
        ".c",
        ".h",
        ".cc",
        ".cpp",
        ".cxx",
        ".hpp",
        ".hh",
        ".cs",
        ".go",
        ".rs",
        ".rb",
        ".php",
        ".swift",
        ".kt",
        ".kts",
        ".scala",
        ".sh",
        ".bash",
        ".zsh",
        ".fish",
        ".ps1",
        ".bat",
        ".sql",
        ".r",
        ".m",
        ".mm",
        ".lua",
        ".pl",
        ".pm",
        ".dart",
        ".vue",
        ".svelte",
        ".css",
        ".scss",
        ".less",
        ".hs",
        ".ml",
        ".ex",
        ".exs",
        ".erl",
        ".clj",
        ".jl",
        ".zig",
        ".nim",
        ".f90",
        ".cmake",
        ".gradle",
        ".proto",
        ".graphql",
        ".ipynb",
    ]
)
HTML = frozenset([".html", ".htm", ".xhtml"])
NAMED = frozenset(["makefile", "dockerfile", "readme", "license", "changelog"])

KINDS = ("text", "markdown", "code", "html", "pdf", "docx")


def kind_of(path: str | Path) -> str | None:
    """ "text", "markdown", "code", "html", "pdf", "docx", or None for files not read."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext in MARKDOWN:
        return "markdown"
    if ext in CODE:
        return "code"
    if ext in HTML:
        return "html"
    if ext == ".pdf":
        return "pdf"
    if ext == ".docx":
        return "docx"
    if ext in PLAIN or (not ext and p.name.lower() in NAMED):
        return "text"
    return None
