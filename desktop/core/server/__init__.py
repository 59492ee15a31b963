"""Tessera as an OpenAI-compatible HTTP server over any Backend, with every request visible.

- `config.ServerConfig`: address, key, CORS, limits (checked: non-loopback needs a key).
- `service.APIService`: the core apart from HTTP: backend, queue (`scheduler`), request log.
- `request_log.RequestLog`: every request live (observers), what the Server page shows.
- `recorder.ConversationRecorder`: saves requests as conversations tagged "API".
- `http_server.APIServer`: uvicorn on its own thread and event loop.
- `examples.client_examples`: copyable curl and Python snippets for a running server.
- `app`, `guard`, `responses`, `shapes`, `logprobs`, `parameters`, `job`, `prompt`,
  `catalog`, `token_bytes`, `structured`: the parts of one request's way through.

Nothing heavy is imported here.
"""
