"""The Tokenizer page: text or a conversation cut by several tokenizers side by side."""
