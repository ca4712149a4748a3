"""`assistant serve` end to end: the real server in a subprocess on 127.0.0.1, the real store
and models, and the official `openai` client for the OpenAI-compatible route."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED_TEXT, free_port, run_cli

TOKEN = "s3cret-token-for-tests"


def start_server(store: Path, log: Path, *args: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    out = log.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--store", str(store), "--port", str(port), *args],
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {TOKEN}"} if "--token" in args else {}
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"assistant serve exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(urllib.request.Request(base + "/v1/status", headers=headers), timeout=2):
                return proc, base
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("assistant serve did not start in 120 s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def request(
    base: str,
    path: str,
    body: bytes | dict | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, dict, dict[str, str]]:
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    hdrs = {"Content-Type": "application/json", **(headers or {})}
    req = urllib.request.Request(base + path, data=data, headers=hdrs, method=method)
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            return response.status, json.loads(response.read()), {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read()), {k.lower(): v for k, v in exc.headers.items()}


@pytest.fixture(scope="module")
def server(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, base = start_server(seed_store, tmp_path_factory.mktemp("serve") / "log.txt", "-b", "extractive")
    yield base
    stop(proc)


def test_ask_over_http_is_ask_json(server: str, seed_store: Path) -> None:
    question = "Where will the July NATO summit take place?"
    status, result, _ = request(server, "/v1/ask", {"question": question})
    cli = json.loads(run_cli("ask", question, "--store", str(seed_store), "-b", "extractive", "--json").stdout)
    assert status == 200 and "Lithuania" in result["answer"]
    assert result["answer"] == cli["answer"] and result["citations"] == cli["citations"]


def test_documents_and_status(server: str) -> None:
    status, listing, _ = request(server, "/v1/documents")
    assert status == 200 and len(listing["documents"]) == 1 and listing["documents"][0]["chunks"] > 0
    status, info, _ = request(server, "/v1/status")
    assert status == 200 and info["documents"] == 1 and info["backend"] == "extractive"


def test_the_openai_client_gets_a_cited_answer(server: str) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=server + "/v1", api_key="unused", max_retries=0)
    reply = client.chat.completions.create(
        model="assistant",
        messages=[
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "Is Japan a member of NATO?"},
        ],
    )
    text = reply.choices[0].message.content
    assert text.startswith("No.") and "[1]" in text and "Sources:" in text
    assert reply.model == "assistant-extractive" and reply.choices[0].finish_reason == "stop"
    citations = reply.model_extra["citations"]
    assert citations and all(SEED_TEXT[c["start"] : c["end"]] == c["quote"] for c in citations)
    assert any("would not join NATO" in c["quote"] for c in citations)


def test_a_streamed_answer_is_the_same_answer(server: str) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=server + "/v1", api_key="unused", max_retries=0)
    messages = [{"role": "user", "content": "Who did Macron meet in China?"}]
    whole = client.chat.completions.create(model="assistant", messages=messages).choices[0].message.content
    pieces, last = [], None
    for chunk in client.chat.completions.create(model="assistant-extractive", messages=messages, stream=True):
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
        last = chunk
    assert len(pieces) >= 2  # the answer, then its sources: not one blob
    assert " ".join("".join(pieces).split()) == " ".join(whole.split())
    assert last.choices[0].finish_reason == "stop" and last.model_extra["citations"]


def test_a_follow_up_is_rewritten_from_the_conversation(server: str) -> None:
    status, reply, _ = request(
        server,
        "/v1/chat/completions",
        {
            "messages": [
                {"role": "user", "content": "When did Kishida attend a NATO summit?"},
                {"role": "assistant", "content": "Kishida attended the NATO summit in Madrid in 2022. [1]"},
                {"role": "user", "content": "Will he attend the summit in July?"},
            ]
        },
    )
    assert status == 200
    rewrite = reply["assistant"]["rewrite"]
    assert rewrite["method"] == "rules" and "Kishida" in rewrite["standalone"]


@pytest.mark.parametrize(
    "path, body, code, words",
    [
        ("/v1/ask", {"question": "   "}, 422, "empty"),
        ("/v1/ask", {"question": "x" * 2500}, 422, "limit"),
        ("/v1/ask", {"query": "Where?"}, 422, "question"),
        ("/v1/ask", b"{not json", 422, "not valid JSON"),
        ("/v1/ask", b'["a list"]', 422, "JSON object"),
        ("/v1/ask", {"question": "x" * 300_000}, 413, "bytes"),
        ("/v1/chat/completions", {"messages": []}, 422, "messages"),
        ("/v1/chat/completions", {"messages": [{"role": "assistant", "content": "Hi"}]}, 422, "last message"),
        ("/v1/ask", {"question": 42}, 422, "question"),
        ("/v1/ask", {"question": "Where?", "k": "many"}, 422, "k"),
        ("/v1/chat/completions", {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi?"}]}, 404, "gpt-4o"),
        ("/v1/chat/completions", {"messages": [{"role": "wizard", "content": "Hi?"}]}, 422, "role"),
        ("/v1/nowhere", None, 404, "Not Found"),
        ("/v1/ask", None, 405, "Method Not Allowed"),  # GET where only POST is served
    ],
)
def test_bad_requests_get_a_4xx_and_one_line(server: str, path: str, body: object, code: int, words: str) -> None:
    status, reply, _ = request(server, path, body)
    message = reply["error"]["message"]
    assert status == code and words in message
    assert "\n" not in message and "Traceback" not in message


def test_a_token_guards_every_route(seed_store: Path, tmp_path: Path) -> None:
    proc, base = start_server(seed_store, tmp_path / "log.txt", "-b", "extractive", "--token", TOKEN)
    try:
        assert request(base, "/v1/status")[0] == 401
        assert request(base, "/v1/ask", {"question": "Where?"}, {"Authorization": "Bearer wrong"})[0] == 401
        status, _, _ = request(base, "/v1/status", headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 200
        from openai import OpenAI

        client = OpenAI(base_url=base + "/v1", api_key=TOKEN, max_retries=0)
        reply = client.chat.completions.create(
            model="assistant", messages=[{"role": "user", "content": "Where is the summit?"}]
        )
        assert reply.choices[0].message.content
    finally:
        stop(proc)
    assert TOKEN not in (tmp_path / "log.txt").read_text()


def test_binding_beyond_loopback_needs_a_token(seed_store: Path) -> None:
    proc = run_cli("serve", "--store", str(seed_store), "--host", "0.0.0.0", "--port", "1", check=False, timeout=60)
    assert proc.returncode != 0 and "--token" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_a_full_queue_answers_503_with_retry_after(seed_store: Path, tmp_path: Path) -> None:
    """The local model takes about a second a question: with no room to wait, the questions
    that arrive while one is answered are turned away at once, and the server recovers."""
    proc, base = start_server(seed_store, tmp_path / "log.txt", "--max-queue", "0")
    try:
        results: list[tuple[int, dict, dict[str, str]]] = []

        def one() -> None:
            results.append(request(base, "/v1/ask", {"question": "Who did Macron meet in China?"}))

        threads = [threading.Thread(target=one) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = sorted(r[0] for r in results)
        assert codes.count(200) >= 1 and 503 in codes
        busy = next(r for r in results if r[0] == 503)
        assert busy[2].get("retry-after") and "busy" in busy[1]["error"]["message"]
        assert request(base, "/v1/ask", {"question": "Who did Macron meet in China?"})[0] == 200
    finally:
        stop(proc)


def test_ingest_over_http_only_under_the_allowed_folder(seed_store: Path, tmp_path: Path) -> None:
    import shutil

    store = tmp_path / "store"
    shutil.copytree(seed_store, store)  # the module's seed store stays as it was
    root = tmp_path / "inbox"
    root.mkdir()
    (root / "zorb.txt").write_text(
        "The Zorbian Lighthouse\n\nThe Zorbian Lighthouse stands on Kelp Point. It was "
        "built in 1871 by the engineer Maud Fennick.\n",
        encoding="utf-8",
    )
    (tmp_path / "secret.txt").write_text("The vault code is 4411.\n", encoding="utf-8")
    (root / "escape").symlink_to(tmp_path / "secret.txt")
    proc, base = start_server(store, tmp_path / "log.txt", "-b", "extractive", "--allow-ingest", str(root))
    try:
        before = request(base, "/v1/ask", {"question": "Who built the Zorbian Lighthouse?"})[1]
        assert before["refused"]
        status, report, _ = request(base, "/v1/ingest", {"paths": [str(root / "zorb.txt")]})
        assert status == 200 and report["files_ingested"] == 1
        after = request(base, "/v1/ask", {"question": "Who built the Zorbian Lighthouse?"})[1]
        assert not after["refused"] and "Maud Fennick" in after["answer"]
        assert after["citations"][0]["source"] == str((root / "zorb.txt").resolve())
        assert any(d["source"].endswith("zorb.txt") for d in request(base, "/v1/documents")[1]["documents"])
        for path, code in (
            (str(tmp_path / "secret.txt"), 403),
            (str(root / ".." / "secret.txt"), 403),
            (str(root / "escape"), 403),
            ("/etc/passwd", 403),
            (str(root / "absent.txt"), 422),
        ):
            status, reply, _ = request(base, "/v1/ingest", {"paths": [path]})
            assert status == code and "\n" not in reply["error"]["message"], (path, reply)
        assert request(base, "/v1/ingest", {"paths": []})[0] == 422
        assert request(base, "/v1/ask", {"question": "What is the vault code?"})[1]["refused"]
    finally:
        stop(proc)


def test_a_server_is_read_only_without_allow_ingest(server: str) -> None:
    status, reply, _ = request(server, "/v1/ingest", {"paths": ["/tmp"]})
    assert status == 403 and "--allow-ingest" in reply["error"]["message"]
