"""Prompt templates: the library (built-in and versioned), {{variables}}, and sandboxed GGUF chat templates."""
