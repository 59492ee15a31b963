"""Local models: the installed library, this machine's hardware, and whether a model fits it."""
