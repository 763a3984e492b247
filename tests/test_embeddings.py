"""The `openai` embedding provider against a mocked OpenAI-compatible endpoint, and the mocks' own guard."""

from __future__ import annotations

import json
import socket

import httpx
import pytest
import respx

from tests.openai_schema import assert_valid

BASE = "http://model.test/v1"


def embedding_body(request: httpx.Request) -> dict:
    """A real-shaped embeddings response: one vector per input, varying with the text."""
    texts = json.loads(request.content)["input"]
    data = [
        {"object": "embedding", "index": i,
         "embedding": [((sum(map(ord, str(t))) + j) % 17) / 17 for j in range(8)]}
        for i, t in enumerate(texts)
    ]
    body = {"object": "list", "data": data, "model": "text-embedding-3-small",
            "usage": {"prompt_tokens": 5 * len(texts), "total_tokens": 5 * len(texts)}}
    return assert_valid(body, "CreateEmbeddingResponse")


def error_body(message: str, kind: str, code: str | None) -> dict:
    return assert_valid({"error": {"message": message, "type": kind, "param": None, "code": code}}, "ErrorResponse")


@pytest.fixture
def openai_env(workspace, monkeypatch):
    monkeypatch.setenv("SECOND_CHANCE_EMBEDDINGS", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", BASE)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    return workspace


def test_openai_embeddings_index_and_search(openai_env, cli_json, monkeypatch):
    monkeypatch.setenv("SECOND_CHANCE_MODEL", "offline")  # notes read offline: only embedding requests here
    with respx.mock(assert_all_mocked=True) as mock:
        route = mock.post(f"{BASE}/embeddings").mock(side_effect=lambda r: httpx.Response(200, json=embedding_body(r)))
        report = cli_json("index")
        assert report["added"] == 15
        sent = json.loads(route.calls[0].request.content)
        assert sent["model"] == "text-embedding-3-small"
        assert any("Dana Reyes" in text for text in sent["input"])  # texts, not tiktoken ids
        assert route.calls[0].request.headers["authorization"] == "Bearer sk-test"
        calls = route.call_count
        assert cli_json("index")["embedded"] == 0
        assert route.call_count == calls  # unchanged notes: no request at all
        found = cli_json("search", "Kafka", "-k", "2")
        assert len(found["results"]) == 2
        assert route.call_count == calls + 1  # one query embedding


def test_openai_embeddings_server_error_is_exit_3(openai_env, cli):
    with respx.mock(assert_all_mocked=True) as mock:
        route = mock.post(f"{BASE}/embeddings").mock(return_value=httpx.Response(
            500, json=error_body("The server had an error", "server_error", None), headers={"retry-after-ms": "1"}))
        result = cli("index")
    assert result.exit_code == 3
    assert result.stderr.strip() == ("error: The embeddings API failed with HTTP 500 (The server had an error) after "
                                     "retries; try again later.")
    assert route.call_count == 3  # the first try and two retries


def test_openai_embeddings_bad_key_is_exit_2(openai_env, cli):
    with respx.mock(assert_all_mocked=True) as mock:
        mock.post(f"{BASE}/embeddings").mock(return_value=httpx.Response(
            401, json=error_body("Incorrect API key provided", "invalid_request_error", "invalid_api_key")))
        result = cli("index")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: The embeddings API refused the key; check OPENAI_API_KEY."


def test_openai_embeddings_without_key_or_endpoint_is_exit_2(workspace, cli, monkeypatch):
    monkeypatch.setenv("SECOND_CHANCE_EMBEDDINGS", "openai")
    result = cli("index")
    assert result.exit_code == 2
    assert "SECOND_CHANCE_EMBEDDINGS=openai needs OPENAI_API_KEY or OPENAI_BASE_URL" in result.stderr


def test_unmocked_request_cannot_escape(openai_env, cli):
    """respx sees what openai 3.x sends (through httpx2): an unmocked route fails instead of going out."""
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as mock:
        mock.post(f"{BASE}/chat/completions").mock(return_value=httpx.Response(200, json={}))
        with pytest.raises(Exception, match="not mocked"):
            cli("index")


def test_socket_guard_refuses_the_network():
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError, match="test tried to reach the network"):
        sock.connect(("203.0.113.7", 443))


def test_local_embeddings_come_back_in_the_callers_order_and_match_each_text_embedded_alone():
    from assistant.embeddings import LocalEmbedder

    texts = ["Dana Reyes led my final interview and we got on well; she runs the data platform team.", "Ana",
             "Kestrel is hiring a Senior AE.", "a rejection on July 22nd"] * 20  # more than one batch of 64
    embedder = LocalEmbedder()
    together = embedder.embed_documents(texts)
    alone = {text: embedder.embed_documents([text])[0] for text in set(texts)}
    assert together == [alone[text] for text in texts]
    assert len({tuple(v) for v in together}) == 4
