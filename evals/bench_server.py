"""`assistant serve` under load, side by side with the CLI: warm latency, then a load run.

    python evals/bench_server.py [--backends local,extractive] [--clients 8] [--per-client 25] [--json OUT]

For each backend: a store with the seed article; the CLI's answer to each question of
evals/seed.yaml (`assistant ask --json`, one process per question); then the server:
- warm: every question once through POST /v1/ask after two warm-up questions, p50/p95;
- load: N clients x M questions at once, alternating POST /v1/ask and streamed chat
  completions, every fifth stream dropped after its first event; counts of each status (503 is
  the designed answer of a full queue, anything else is an error), answers that differ from the
  CLI's, p50/p95, the server's peak RSS; then one more question, which must be answered.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import free_port  # noqa: E402


def cli_answers(store: Path, backend: str, questions: list[str]) -> dict[str, str]:
    out = {}
    for q in questions:
        proc = subprocess.run(
            [sys.executable, "-m", "assistant", "ask", q, "--store", str(store), "-b", backend, "--json"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        out[q] = json.loads(proc.stdout)["answer"]
    return out


def post(port: int, path: str, body: dict[str, Any], drop_after_first: bool = False) -> tuple[int, str | None, float]:
    """(status, the answer text, seconds). A stream's text is the answer object's `answer`."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    response = conn.getresponse()
    if response.status != 200:
        response.read()
        conn.close()
        return response.status, None, time.perf_counter() - started
    if not body.get("stream"):
        data = json.loads(response.read())
        conn.close()
        return 200, data.get("answer"), time.perf_counter() - started
    answer = None
    for raw in response:
        line = raw.decode().strip()
        if drop_after_first:
            conn.close()  # the client goes away mid-stream
            return 200, None, time.perf_counter() - started
        if line.startswith("data: {"):
            event = json.loads(line[6:])
            if "assistant" in event:
                answer = event["assistant"]["answer"]
    conn.close()
    return 200, answer, time.perf_counter() - started


def peak_rss_gb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def quantiles(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {"p50": round(statistics.median(values), 3), "p95": round(values[int(0.95 * (len(values) - 1))], 3)}


def run_backend(backend: str, store: Path, questions: list[str], clients: int, per_client: int) -> dict[str, Any]:
    expected = cli_answers(store, backend, questions)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--store", str(store), "-b", backend, "--port", str(port)],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 120
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/v1/status")
                conn.getresponse().read()
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
        for q in questions[:2]:
            post(port, "/v1/ask", {"question": q})
        warm = [post(port, "/v1/ask", {"question": q}) for q in questions]
        result: dict[str, Any] = {
            "warm": {
                **quantiles([w[2] for w in warm]),
                "n": len(warm),
                "differ_from_cli": sum(w[1] != expected[q] for w, q in zip(warm, questions)),
            }
        }
        statuses: dict[int, int] = {}
        differ, latencies, lock = 0, [], threading.Lock()

        def client(c: int) -> None:
            nonlocal differ
            for i in range(per_client):
                q = questions[(c * per_client + i) % len(questions)]
                stream = i % 2 == 1
                drop = stream and i % 5 == 3
                body = (
                    {"model": "assistant", "stream": True, "messages": [{"role": "user", "content": q}]}
                    if stream
                    else {"question": q}
                )
                status, answer, seconds = post(port, "/v1/chat/completions" if stream else "/v1/ask", body, drop)
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                    if status == 200 and not drop:
                        latencies.append(seconds)
                        differ += answer != expected[q]

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        after = post(port, "/v1/ask", {"question": questions[0]})
        result["load"] = {
            "clients": clients,
            "per_client": per_client,
            "statuses": statuses,
            "errors": sum(n for s, n in statuses.items() if s not in (200, 503)),
            "differ_from_cli": differ,
            **quantiles(latencies),
            "wall_s": round(time.perf_counter() - started, 1),
            "peak_rss_gb": round(peak_rss_gb(server.pid), 2),
            "answers_afterwards": after[0] == 200 and after[1] == expected[questions[0]],
        }
        return result
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="local,extractive")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--per-client", type=int, default=25)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    items = yaml.safe_load((ROOT / "evals" / "seed.yaml").read_text())["items"]
    questions = [i["question"] for i in items if not i.get("after")]  # follow-ups lean on a turn before
    report = {}
    with tempfile.TemporaryDirectory(prefix="assistant-bench-server-") as tmp:
        store = Path(tmp) / "store"
        subprocess.run(
            [sys.executable, "-m", "assistant", "ingest", str(ROOT / "seeds"), "--store", str(store)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        for backend in args.backends.split(","):
            report[backend] = run_backend(backend, store, questions, args.clients, args.per_client)
            print(backend, json.dumps(report[backend]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
