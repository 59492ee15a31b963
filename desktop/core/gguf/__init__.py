"""GGUF files: header and metadata reading, validation, the vocabulary walk, the tiny test model."""
