"""Evals end to end: the seed set on the real local models, floors on its totals; a benchmark smoke run.

Floors are set from measured runs (docs/BENCHMARKS.md) a little below what was measured,
so a regression fails CI; raise them as the product improves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED, run_cli

SEED_SET = ROOT / "evals" / "seed.yaml"
XQUAD = SHARED / "benchmarks" / "xquad_en"

# Measured on 2026-11-27 (both backends): fact 1.000, citation accuracy 1.000,
# citation precision 0.789, refusal accuracy 0.971, retrieval hit 1.000.
FLOORS = {
    "fact_accuracy": 0.9,
    "citation_accuracy": 0.9,
    "citation_precision": 0.7,
    "refusal_accuracy": 0.9,
    "retrieval_hit": 0.95,
}


def test_the_seed_set_lints() -> None:
    proc = run_cli("eval", "--check", str(SEED_SET))
    assert "every fact is in its source" in proc.stdout


def run_seed_set(backend: str, store: Path, report_file: Path) -> dict:
    floors = [f"--fail-under={name}={value}" for name, value in FLOORS.items()]
    proc = run_cli(
        "eval",
        str(SEED_SET),
        "--backend",
        backend,
        "--store",
        str(store),
        "--json",
        str(report_file),
        *floors,
        check=False,
        timeout=900,
    )
    report = json.loads(report_file.read_text())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return report


def test_the_seed_set_scores_above_its_floors_and_local_never_below_extractive(tmp_path: Path) -> None:
    store = tmp_path / "store"
    extractive = run_seed_set("extractive", store, tmp_path / "extractive.json")
    local = run_seed_set("local", store, tmp_path / "local.json")
    assert extractive["models"]["llm"] is None
    assert local["models"]["llm"] == "SmolLM2-135M-Instruct-Q4_1"
    for metric in ("fact_accuracy", "citation_accuracy", "refusal_accuracy"):
        assert local["totals"][metric] >= extractive["totals"][metric], metric
    assert local["totals"]["items"] == 35
    assert sum(i["unanswerable"] for i in local["items"]) >= 6
    # Follow-ups were rewritten from their conversation before being asked.
    followups = [i for i in local["items"] if i["id"].endswith("-followup")]
    assert followups and all(i["asked"] != i["question"] for i in followups)


def test_a_threshold_that_is_not_met_fails_the_run(tmp_path: Path) -> None:
    proc = run_cli(
        "eval",
        str(SEED_SET),
        "--backend",
        "extractive",
        "--store",
        str(tmp_path / "s"),
        "--fail-under",
        "latency_p50=1000",
        check=False,
        timeout=600,
    )
    assert proc.returncode == 1 and "below threshold: latency_p50" in proc.stderr


@pytest.mark.skipif(not XQUAD.exists(), reason="../shared/benchmarks/xquad_en is absent (not a project machine)")
def test_xquad_smoke_sample(tmp_path: Path) -> None:
    report_file = tmp_path / "xquad.json"
    run_cli(
        "eval",
        "--benchmark",
        "xquad",
        "--data",
        str(XQUAD),
        "--limit",
        "12",
        "--seed",
        "7",
        "--store",
        str(tmp_path / "bench"),
        "--json",
        str(report_file),
        timeout=900,
    )
    report = json.loads(report_file.read_text())
    totals = report["totals"]
    assert totals["questions"] == 12 and len(report["items"]) == 12
    assert totals["hit@5"] >= 0.9
    assert totals["contains_gold"] >= 0.5
    assert 0.0 <= totals["f1"] <= 1.0 and 0.0 <= totals["em"] <= totals["f1"] + 1e-9


MULTI_SET = ROOT / "evals" / "multi.yaml"
# Measured 2026-11-30 (both backends, docs/BENCHMARKS.md): fact recall 0.793, citation recall
# and precision 0.992, false premises refused 0.846, pass rate 0.71.
MULTI_FLOORS = {
    "fact_recall": 0.72,
    "citation_recall": 0.95,
    "citation_precision": 0.93,
    "premise_refused": 0.75,
    "pass_rate": 0.62,
}
HIGHER_IS_BETTER_SKIP = {"latency_p50", "latency_p95", "words_mean", "items"}


def test_the_multi_fact_set_lints() -> None:
    proc = run_cli("eval", "--check", str(MULTI_SET))
    assert "110 items, every fact is in its source" in proc.stdout


def test_every_answer_plan_scores_above_its_floors_and_local_never_below_extractive(tmp_path: Path) -> None:
    store = tmp_path / "store"
    floors = [f"--fail-under={name}={value}" for name, value in MULTI_FLOORS.items()]
    reports = {}
    for backend in ("extractive", "local"):
        report_file = tmp_path / f"{backend}.json"
        proc = run_cli(
            "eval",
            str(MULTI_SET),
            "--backend",
            backend,
            "--store",
            str(store),
            "--json",
            str(report_file),
            *floors,
            check=False,
            timeout=900,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
        reports[backend] = json.loads(report_file.read_text())["totals"]
    # The local model's short answer is the only difference; a slack of 0.01 (about one of the
    # ~300 answer sentences) keeps a one-token difference in its reply from failing the run.
    for metric, value in reports["extractive"].items():
        if metric not in HIGHER_IS_BETTER_SKIP:
            assert reports["local"][metric] >= value - 0.01, (metric, reports["local"][metric], value)
    assert {
        f"pass_{kind}"
        for kind in ("single", "several", "explanation", "list", "summary", "comparison", "yesno", "false_premise")
    } <= set(reports["local"])


def test_an_eval_store_holds_only_the_sets_documents(tmp_path: Path) -> None:
    """The same set run from two checkouts (a copy, a worktree) into one store: the store
    mirrors the set, so the first checkout's copies are removed, not quoted twice."""
    for name in ("one", "two"):
        folder = tmp_path / name
        (folder / "docs").mkdir(parents=True)
        (folder / "docs" / "vault.txt").write_text("The vault opens at dawn. It holds the crown jewels.\n")
        (folder / "set.yaml").write_text(
            "name: copies\ndocuments: [docs]\nitems:\n  - question: When does the vault open?\n"
            "    source: vault.txt\n    facts:\n      - fact: at dawn\n        terms: [dawn]\n"
        )
    store = tmp_path / "store"
    for name in ("one", "two"):
        run_cli(
            "eval",
            str(tmp_path / name / "set.yaml"),
            "--backend",
            "extractive",
            "--store",
            str(store),
            "--json",
            str(tmp_path / "report.json"),
            timeout=600,
        )
    status = json.loads(run_cli("status", "--store", str(store), "--json").stdout)
    assert status["documents"] == 1
