"""Settings: precedence, validation, and the fingerprint that decides re-embedding."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings, UserError, load_prompt


def test_environment_then_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ASSISTANT_STORE", str(tmp_path / "env-store"))
    monkeypatch.setenv("ASSISTANT_TOP_K", "7")
    settings = Settings.from_env()
    assert settings.store == tmp_path / "env-store" and settings.top_k == 7
    assert Settings.from_env(top_k=3).top_k == 3


def test_bad_values_are_user_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_TOP_K", "many")
    with pytest.raises(UserError, match="ASSISTANT_TOP_K"):
        Settings.from_env()
    monkeypatch.delenv("ASSISTANT_TOP_K")
    with pytest.raises(UserError, match="unknown backend"):
        Settings.from_env(llm_backend="gpt-magic")
    with pytest.raises(UserError, match="--k"):
        Settings.from_env(top_k=0)


def test_fingerprint_changes_with_what_goes_into_the_store() -> None:
    base = Settings()
    assert base.fingerprint() == Settings().fingerprint()
    assert base.fingerprint() != base.with_(chunk_tokens=100).fingerprint()
    assert base.fingerprint() != base.with_(embed_backend="openai").fingerprint()
    # retrieval-time settings do not force re-embedding
    assert base.fingerprint() == base.with_(top_k=9, llm_backend="extractive").fingerprint()


def test_prompts_ship_as_files() -> None:
    assert "{question}" in load_prompt("answer_user.txt")
    assert "numbered sources" in load_prompt("answer_system.txt")
