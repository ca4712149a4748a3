"""BM25 upkeep, two code versions side by side: add one real file to a store of N chunks,
the BM25 query p50/p95 there, and the index's load time in a fresh process.

    git worktree add /tmp/bm25-old <commit before the incremental index>
    git worktree add /tmp/bm25-new <commit with it>
    python evals/bench_bm25.py --xquad PATH --old /tmp/bm25-old --new /tmp/bm25-new \\
        [--sizes 10000,50000] [--reps 2] [--work DIR]

Each store is built once (by --new's `evals.bench.build_store`, synthetic vectors over real
sentences), copied, and each copy is then only touched by one version, each step in a fresh
process that imports that version's code. Adds alternate old/new, so load on the machine
falls on both alike.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ADD = """
import sys, json
sys.path.insert(0, {root!r})
from evals.bench import add_one_file
print(json.dumps(add_one_file(__import__("pathlib").Path({store!r}), __import__("pathlib").Path({folder!r}))))
"""

QUERY = """
import sys, json, time
sys.path.insert(0, {root!r})
started = time.perf_counter()
from assistant.config import Settings
from assistant.store import Store
store = Store(Settings(store=__import__("pathlib").Path({store!r})))
opened = time.perf_counter()
index = store.bm25()
loaded = time.perf_counter()
qs = json.loads(open({questions!r}).read())
index.search(qs[0], 20)
first = time.perf_counter()
times = []
for q in qs:
    t = time.perf_counter()
    index.search(q, 20)
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print(json.dumps({{"import_and_open_s": opened - started, "load_s": loaded - opened,
                  "first_query_s": first - loaded, "queries": len(times),
                  "p50_ms": times[len(times) // 2], "p95_ms": times[int(len(times) * 0.95)]}}))
"""


def run(root: Path, script: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--xquad", type=Path, required=True)
    parser.add_argument("--old", type=Path, required=True)
    parser.add_argument("--new", type=Path, required=True)
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-bm25-"))
    sys.path.insert(0, str(args.new))
    from evals.bench import questions, write_corpus

    corpus = write_corpus(args.xquad, None, work / "corpus")["xquad"]
    qs = work / "questions.json"
    qs.write_text(json.dumps(questions(args.xquad, 10_000)))
    files = sorted(corpus.glob("*.txt"))
    versions = {"old": args.old, "new": args.new}
    for n in [int(s) for s in args.sizes.split(",")]:
        base = work / f"store-{n}"
        built = run(
            args.new,
            f"import sys, json\nsys.path.insert(0, {str(args.new)!r})\n"
            f"from evals.bench import build_store\n"
            f"print(json.dumps(build_store({str(base)!r}, {n}, [{str(corpus)!r}])))",
        )
        print(json.dumps({"size": n, "build": built}), flush=True)
        for name in versions:
            shutil.copytree(base, work / f"{name}-{n}")
        for rep in range(args.reps):
            folder = work / f"add-{n}-{rep}"
            folder.mkdir()
            shutil.copy(files[rep], folder / files[rep].name)
            for name, root in versions.items():
                seconds = run(root, ADD.format(root=str(root), store=str(work / f"{name}-{n}"), folder=str(folder)))
                print(json.dumps({"size": n, "version": name, "rep": rep, "add_one_file_s": seconds}), flush=True)
        for name, root in versions.items():
            got = run(root, QUERY.format(root=str(root), store=str(work / f"{name}-{n}"), questions=str(qs)))
            print(json.dumps({"size": n, "version": name, **got}), flush=True)
        for name in versions:
            shutil.rmtree(work / f"{name}-{n}", ignore_errors=True)
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
