"""The Server page: the app's model as an OpenAI-compatible API, every request visible."""
