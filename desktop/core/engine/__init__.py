"""The inference engine: llama.cpp in a worker process, driven through `client.EngineClient`.

protocol.py   commands and events (the vocabulary everyone uses)
client.py     EngineClient, Generation, EngineError (parent side; the only entry point)
worker.py     the spawned process; runtime.py (model, context, KV cache), decode_loop.py,
              prompt.py (chat template, overflow), sampling.py, detok.py, stops.py
buildinfo.py  describe_build(): versions, compiled backends, GPU offload
"""
