"""A real OpenAI-compatible HTTP server on 127.0.0.1 that injects faults, and the CLI against it.

Each fault must give one `error:` line, exit 1, no traceback, within bounded time,
after a bounded number of retries; a stream cut half-way is never shown as an answer;
the API key never appears anywhere.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import SEEDS, run_cli

SECRET = "sk-faulty-GREP-ME-7c1e0d5b9a"
SUMMIT = "Where will the July NATO summit take place?"
RETRIES = 2
TIMEOUT = 1.0


@dataclass
class Fault:
    mode: str = "ok"
    retry_after: str = "2"
    seen: list[tuple[float, str]] = field(default_factory=list)  # (time, path) of each request


def sse(payload: dict) -> bytes:
    return f"data: {json.dumps(payload)}\n\n".encode()


def delta(text: str, finish: str | None = None) -> dict:
    return {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": finish}],
    }


class FaultyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fault: Fault

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        self.fault.seen.append((time.monotonic(), self.path))
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        # A server that echoes the key back in its error body must not leak it through us.
        echoed = self.headers.get("Authorization", "")
        getattr(self, "fault_" + self.fault.mode.replace("-", "_"))(echoed)

    def reply(
        self, status: int, body: bytes, kind: str = "application/json", headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def error_body(self, message: str, echoed: str) -> bytes:
        return json.dumps({"error": {"message": f"{message} (you sent {echoed})"}}).encode()

    def fault_timeout(self, echoed: str) -> None:
        time.sleep(TIMEOUT * 4)

    def fault_rate_limit(self, echoed: str) -> None:
        self.reply(429, self.error_body("slow down", echoed), headers={"Retry-After": self.fault.retry_after})

    def fault_server_error(self, echoed: str) -> None:
        self.reply(500, self.error_body("boom", echoed))

    def fault_malformed(self, echoed: str) -> None:
        self.reply(200, b'data: {"choices": [{"delta": {"content": "Lith\n\n', "text/event-stream")

    def fault_cut_chunked(self, echoed: str) -> None:
        """Half an answer, then the connection drops mid-chunk (a crashed server)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for piece in (sse(delta("Lithu")), sse(delta("ania"))):
            self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        self.wfile.write(b'400\r\ndata: {"choi')
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    def fault_cut_clean(self, echoed: str) -> None:
        """Half an answer, then a clean end of stream with no finish reason and no [DONE]."""
        body = sse(delta("The summit is in Lithu"))
        self.reply(200, body, "text/event-stream")

    def fault_ok(self, echoed: str) -> None:
        body = sse(delta("Lithuania [1]")) + sse(delta("", "stop")) + b"data: [DONE]\n\n"
        self.reply(200, body, "text/event-stream")


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Fault]]:
    fault = Fault()
    handler = type("Handler", (FaultyHandler,), {"fault": fault})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", fault
    httpd.shutdown()
    httpd.server_close()


def env_for(base: str) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": base,
        "OPENAI_API_KEY": SECRET,
        "OPENAI_MODEL": "faulty",
        "ASSISTANT_TIMEOUT": str(TIMEOUT),
        "ASSISTANT_MAX_RETRIES": str(RETRIES),
    }


def ask(base: str, store: Path, *extra: str):
    started = time.monotonic()
    proc = run_cli(
        "ask", SUMMIT, "--store", str(store), "--backend", "openai", *extra, env=env_for(base), check=False, timeout=120
    )
    return proc, time.monotonic() - started


def assert_one_line_error(proc, *words: str) -> None:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert SECRET not in proc.stdout + proc.stderr


def test_a_healthy_fake_server_answers(server: tuple[str, Fault], seed_store: Path) -> None:
    base, fault = server
    fault.mode = "ok"
    proc, _ = ask(base, seed_store, "--json")
    assert proc.returncode == 0, proc.stderr
    assert "Lithuania" in json.loads(proc.stdout)["answer"]


@pytest.mark.parametrize(
    "mode, words",
    [
        ("timeout", ["timed out"]),
        ("server-error", ["HTTP 500"]),
        ("rate-limit", ["HTTP 429", "retried"]),
    ],
)
def test_failing_requests_are_retried_a_bounded_number_of_times(
    mode: str, words: list[str], server: tuple[str, Fault], seed_store: Path
) -> None:
    base, fault = server
    fault.mode, fault.seen[:] = mode, []
    proc, seconds = ask(base, seed_store, "--json")
    assert_one_line_error(proc, *words)
    assert proc.stdout == ""
    assert len(fault.seen) == RETRIES + 1, fault.seen
    # Startup (~5-10 s on a busy machine) plus 3 tries and backoff; never unbounded.
    assert seconds < 60


def test_retry_after_is_honoured(server: tuple[str, Fault], seed_store: Path) -> None:
    base, fault = server
    fault.mode, fault.retry_after, fault.seen[:] = "rate-limit", "2", []
    proc, _ = ask(base, seed_store, "--json")
    assert_one_line_error(proc, "HTTP 429")
    gaps = [b[0] - a[0] for a, b in zip(fault.seen, fault.seen[1:])]
    # The client's own backoff is 0.5-1 s; Retry-After: 2 makes each wait 2 s.
    assert len(gaps) == RETRIES and all(gap >= 1.9 for gap in gaps), gaps


@pytest.mark.parametrize("mode", ["malformed", "cut-chunked", "cut-clean"])
def test_a_broken_or_cut_stream_is_an_error_never_an_answer(
    mode: str, server: tuple[str, Fault], seed_store: Path
) -> None:
    base, fault = server
    fault.mode, fault.seen[:] = mode, []
    proc, seconds = ask(base, seed_store, "--json")
    assert_one_line_error(proc)
    assert proc.stdout == "", "no JSON answer for a reply that did not complete"
    assert "malformed" in proc.stderr or "cut" in proc.stderr or "before the answer was complete" in proc.stderr
    assert seconds < 60

    # Streamed live: the pieces already shown are followed by the error, not by sources.
    proc, _ = ask(base, seed_store, "--stream")
    assert_one_line_error(proc)
    assert "Sources:" not in proc.stdout and "Checked:" not in proc.stdout


def test_the_key_never_appears_in_ask_eval_or_ingest_output(
    server: tuple[str, Fault], seed_store: Path, tmp_path: Path
) -> None:
    base, fault = server
    fault.mode = "server-error"
    eval_set = tmp_path / "set.yaml"
    eval_set.write_text(
        f"name: leak\ndocuments: [{SEEDS}]\nitems:\n"
        f"  - question: {SUMMIT}\n    source: 000_e6b707000bbe6f80.txt\n"
        "    facts: [{fact: Lithuania hosts it, terms: [Lithuania]}]\n"
    )
    runs = [
        ["ask", SUMMIT, "--store", str(seed_store), "--backend", "openai", "--json"],
        ["ask", SUMMIT, "--store", str(seed_store), "--backend", "openai", "--stream"],
        [
            "eval",
            str(eval_set),
            "--backend",
            "openai",
            "--store",
            str(seed_store),
            "--json",
            str(tmp_path / "report.json"),
        ],
        ["ingest", str(SEEDS), "--store", str(tmp_path / "s"), "--embedder", "openai", "--json"],
    ]
    for args in runs:
        proc = run_cli(*args, env={**env_for(base), "ASSISTANT_DEBUG": ""}, check=False, timeout=180)
        assert_one_line_error(proc, "HTTP 500")
    assert not (tmp_path / "report.json").exists() or SECRET not in (tmp_path / "report.json").read_text()
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert leftovers == [], f"the key was written to {leftovers}"


def test_chroma_telemetry_is_off(tmp_path: Path) -> None:
    from assistant.backends.chroma import make_client
    from assistant.config import Settings

    client = make_client(Settings(store=tmp_path))
    assert client.get_settings().anonymized_telemetry is False
