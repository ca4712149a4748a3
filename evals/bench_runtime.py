"""The two llama.cpp runtimes side by side (docs/BENCHMARKS.md, "Runtime"): speed and cold `ask`.

    python evals/bench_runtime.py [--rounds 3] [--json OUT]

Each round runs every installed runtime once, in turn (so both see the same load on a shared
machine), each in a new process:
- speed: SmolLM2 on 1 thread; load time; prompt reading (a ~450-token prompt with a new first
  word each time, so nothing is reused; 1 token out); generation (128 tokens, no stop, greedy);
- cold ask: `assistant ask` on the seed store in a new process, wall time, with the state
  cache in place (the usual case) and with its folder emptied first.
Medians over the rounds are printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.backends.runtime import RUNTIMES, state_dir  # noqa: E402

QUESTION = "Where will the July NATO summit take place?"
SPEED = r"""
import json, sys, time
from assistant.backends.llms import LocalLlama
start = time.perf_counter()
llm = LocalLlama(threads=1, prompt_threads=1)
load = time.perf_counter() - start
text = open(sys.argv[1], encoding="utf-8").read()
reads = []
for n in range(3):
    messages = [{"role": "user", "content": f"Text {n}: {text}\nIn one word, what is the text about?"}]
    start = time.perf_counter()
    "".join(llm.stream(messages, 1))
    reads.append(time.perf_counter() - start)
messages = [{"role": "user", "content": "Write a long story about a summit in Lithuania."}]
start = time.perf_counter()
pieces, first = 0, None
for _ in llm.stream(messages, 128):
    pieces += 1
    first = first or time.perf_counter() - start
total = time.perf_counter() - start
print(json.dumps({"load_s": load, "read_s": min(reads), "pieces": pieces, "first_s": first,
                  "gen_tok_s": (pieces - 1) / (total - first)}))
"""


def installed() -> list[str]:
    return [name for name, (module, _) in RUNTIMES.items() if importlib.util.find_spec(module)]


def speed(runtime: str, text_file: Path) -> dict[str, float]:
    env = {**os.environ, "ASSISTANT_RUNTIME": runtime, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", SPEED, str(text_file)], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def cold_ask(runtime: str, store: Path, empty_state: bool) -> float:
    if empty_state:
        shutil.rmtree(state_dir(), ignore_errors=True)
    env = {**os.environ, "ASSISTANT_RUNTIME": runtime, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "assistant", "ask", QUESTION, "--store", str(store)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    runtimes = installed()
    seed_text = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")  # the state cache of this run alone
        text_file = Path(tmp) / "prompt.txt"
        text_file.write_text(" ".join(seed_text.split()[:330]), encoding="utf-8")  # ~450 tokens
        store = Path(tmp) / "store"
        subprocess.run(
            [sys.executable, "-m", "assistant", "ingest", str(ROOT / "seeds"), "--store", str(store)],
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
            check=True,
        )
        for name in runtimes:  # not counted: hashes the model file once, as a first install does
            cold_ask(name, store, empty_state=False)
        rows: dict[str, list[dict[str, float]]] = {name: [] for name in runtimes}
        for _ in range(args.rounds):
            for name in runtimes:
                row = speed(name, text_file)
                row["ask_cold_state_s"] = cold_ask(name, store, empty_state=True)
                row["ask_s"] = cold_ask(name, store, empty_state=False)
                rows[name].append(row)
                print(name, json.dumps(row), flush=True)
    medians = {name: {key: statistics.median(r[key] for r in runs) for key in runs[0]} for name, runs in rows.items()}
    for name, values in medians.items():
        print(f"{name:18} " + "  ".join(f"{key} {value:.3g}" for key, value in values.items()))
    if args.json:
        args.json.write_text(json.dumps({"rounds": rows, "medians": medians}, indent=1))


if __name__ == "__main__":
    main()
