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

FLOORS = {
    "extractive": {"fact_accuracy": 0.9, "refusal_accuracy": 0.9, "citation_accuracy": 0.9,
                   "retrieval_hit": 0.95},
    "local": {"fact_accuracy": 0.8, "refusal_accuracy": 0.9, "citation_accuracy": 0.8,
              "retrieval_hit": 0.95},
}


def test_the_seed_set_lints() -> None:
    proc = run_cli("eval", "--check", str(SEED_SET))
    assert "every fact is in its source" in proc.stdout


@pytest.mark.parametrize("backend", ["extractive", "local"])
def test_the_seed_set_scores_above_its_floors(backend: str, tmp_path: Path) -> None:
    report_file = tmp_path / "report.json"
    floors = [f"--fail-under={name}={value}" for name, value in FLOORS[backend].items()]
    proc = run_cli("eval", str(SEED_SET), "--backend", backend, "--store", str(tmp_path / "store"),
                   "--json", str(report_file), *floors, check=False, timeout=900)
    report = json.loads(report_file.read_text())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    totals = report["totals"]
    assert totals["items"] == 35
    assert report["models"]["llm"] == (None if backend == "extractive" else "SmolLM2-135M-Instruct-Q4_1")
    unanswerable = [i for i in report["items"] if i["unanswerable"]]
    assert len(unanswerable) >= 6
    # Follow-ups were rewritten from their conversation before being asked.
    followups = [i for i in report["items"] if i["id"].endswith("-followup")]
    assert followups and all(i["asked"] != i["question"] for i in followups)


def test_a_threshold_that_is_not_met_fails_the_run(tmp_path: Path) -> None:
    proc = run_cli("eval", str(SEED_SET), "--backend", "extractive", "--store", str(tmp_path / "s"),
                   "--fail-under", "latency_p50=1000", check=False, timeout=600)
    assert proc.returncode == 1 and "below threshold: latency_p50" in proc.stderr


@pytest.mark.skipif(not XQUAD.exists(), reason="../shared/benchmarks/xquad_en is absent (not a project machine)")
def test_xquad_smoke_sample(tmp_path: Path) -> None:
    report_file = tmp_path / "xquad.json"
    run_cli("eval", "--benchmark", "xquad", "--data", str(XQUAD), "--limit", "12", "--seed", "7",
            "--store", str(tmp_path / "bench"), "--json", str(report_file), timeout=900)
    report = json.loads(report_file.read_text())
    totals = report["totals"]
    assert totals["questions"] == 12 and len(report["items"]) == 12
    assert totals["hit@5"] >= 0.9
    assert totals["contains_gold"] >= 0.5
    assert 0.0 <= totals["f1"] <= 1.0 and 0.0 <= totals["em"] <= totals["f1"] + 1e-9
