"""CORS is off unless origins are listed; a listed origin passes a browser's preflight."""

from __future__ import annotations

from .conftest import MODEL_ID, Api

PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    # What the openai JavaScript client sends from a page.
    "Access-Control-Request-Headers": "authorization,content-type,x-stainless-os",
}


def test_without_listed_origins_a_browser_gets_no_cors_headers(api: Api) -> None:
    origin = {"Origin": "http://localhost:3000"}
    preflight = api.http.options(api.url + "/chat/completions", headers={**origin, **PREFLIGHT})
    assert "access-control-allow-origin" not in preflight.headers
    models = api.http.get(api.url + "/models", headers=origin)
    assert models.status_code == 200 and "access-control-allow-origin" not in models.headers


def test_a_listed_origin_passes_the_preflight_and_reads_replies(serve) -> None:
    with serve(cors_origins=("http://localhost:3000",), api_key="k") as api:
        origin = {"Origin": "http://localhost:3000"}
        preflight = api.http.options(api.url + "/chat/completions", headers={**origin, **PREFLIGHT})
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "http://localhost:3000"
        assert "POST" in preflight.headers["access-control-allow-methods"]
        allowed = preflight.headers["access-control-allow-headers"].lower()
        assert "authorization" in allowed and "x-stainless-os" in allowed

        reply = api.http.post(
            api.url + "/chat/completions",
            headers={**origin, "Authorization": "Bearer k"},
            json={
                "model": MODEL_ID,
                "messages": [{"role": "user", "content": "Hi"}],
                "max_tokens": 2,
            },
        )
        assert reply.status_code == 200
        assert reply.headers["access-control-allow-origin"] == "http://localhost:3000"
        # Errors reach the page too (it can show why), with the key still required.
        refused = api.http.get(api.url + "/models", headers=origin)
        assert refused.status_code == 401
        assert refused.headers["access-control-allow-origin"] == "http://localhost:3000"

        other = {"Origin": "http://evil.example"}
        denied = api.http.options(api.url + "/chat/completions", headers={**other, **PREFLIGHT})
        assert denied.status_code == 400
        assert "access-control-allow-origin" not in denied.headers
