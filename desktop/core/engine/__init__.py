"""The inference engine: llama.cpp in a worker process, driven through `client.EngineClient`.

protocol.py   commands and events (the vocabulary everyone uses)
client.py     EngineClient, Generation, EngineError (parent side; the only entry point)
worker.py     the spawned process; runtime.py (model, context, KV cache), decode_loop.py,
              prompt.py (chat template, overflow), sampling.py, detok.py, stops.py
buildinfo.py  describe_build(): versions, compiled backends, GPU offload, devices (loads llama.cpp)
build_probe.py  probe_build(): the same facts from a child process, cached per build (the window)
options.py    the one SamplingParams / LoadOptions <-> plain data conversion
errors.py     EngineError and every engine message (codes, translatable templates)
"""
