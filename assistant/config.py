"""Settings: one frozen object built from defaults, environment and CLI options.

Everything that changes what goes into the store (chunking, embedder) feeds the
settings fingerprint, so that a change re-embeds instead of mixing vectors.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

REFUSAL = "The documents don't say."
"""The fixed phrase for "nothing retrieved supports an answer" (documented in the README)."""

ENV_PREFIX = "ASSISTANT_"


class UserError(Exception):
    """An error the user can fix; the CLI prints it as one line and exits non-zero."""


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(ENV_PREFIX + name, default)


def default_store_path() -> Path:
    """`./index` of the project when run from it, else the user's data dir."""
    here = Path.cwd() / "index"
    if here.is_dir():
        return here
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "assistant" / "index"


@dataclass(frozen=True)
class Settings:
    store: Path = field(default_factory=default_store_path)
    chroma_url: str | None = None
    collection: str = "chunks"
    # Chunking, in MiniLM word pieces: MiniLM truncates at 256, and the
    # sentence-aware splitter keeps every chunk under chunk_tokens.
    chunk_tokens: int = 200
    chunk_overlap: int = 1  # sentences carried over into the next chunk
    top_k: int = 5
    llm_backend: str = "local"  # local | openai | llama-index | extractive
    embed_backend: str = "local"  # local | openai
    local_model: str = "smollm2-135m"  # a name in backends/catalog.py or a path to a GGUF file
    openai_model: str | None = None
    openai_embed_model: str | None = None
    openai_base_url: str | None = None
    timeout: float = 30.0
    max_retries: int = 2
    threads: int | None = None  # the local model's CPU threads; None: its catalog default
    max_tokens: int = 96  # the local model's short answer
    max_tokens_plan: int = 400  # a capable model's multi-sentence answer
    length: str = "medium"  # summary length: short | medium | long (summary.LENGTH_WORDS)
    # Passages shown to a plan-writing model around the evidence, in tokens (~4 characters
    # each); None: the model's own default (1500 for an OpenAI-compatible endpoint, what a
    # local model handles in its catalog entry).
    context_tokens: int | None = None
    # --backend llama-index: any llama-index LLM class, by its import path
    # ("llama_index.llms.openai_like.OpenAILike"), and its keyword arguments as a JSON object.
    llama_index_llm: str | None = None
    llama_index_args: str | None = None

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults < ASSISTANT_* environment < explicit overrides (None = unset)."""
        values: dict[str, object] = {}
        env_map = {
            "store": ("STORE", Path),
            "chroma_url": ("CHROMA_URL", str),
            "top_k": ("TOP_K", int),
            "chunk_tokens": ("CHUNK_TOKENS", int),
            "llm_backend": ("BACKEND", str),
            "llama_index_llm": ("LLAMA_INDEX_LLM", str),
            "llama_index_args": ("LLAMA_INDEX_ARGS", str),
            "embed_backend": ("EMBED_BACKEND", str),
            "local_model": ("MODEL", str),
            "openai_model": ("OPENAI_MODEL", str),
            "openai_embed_model": ("OPENAI_EMBED_MODEL", str),
            "timeout": ("TIMEOUT", float),
            "max_retries": ("MAX_RETRIES", int),
            "threads": ("THREADS", int),
            "length": ("LENGTH", str),
            "context_tokens": ("CONTEXT_TOKENS", int),
        }
        for key, (name, cast) in env_map.items():
            raw = _env(name)
            if raw:
                try:
                    values[key] = cast(raw)
                except ValueError:
                    raise UserError(f"{ENV_PREFIX}{name}={raw!r} is not a valid {cast.__name__}") from None
        base_url = os.environ.get("OPENAI_BASE_URL")
        if base_url:
            values["openai_base_url"] = base_url
        model = overrides.pop("model", None)
        values.update({k: v for k, v in overrides.items() if v is not None})
        if model is not None:  # --model names the model of whichever backend answers
            backend = values.get("llm_backend", cls.llm_backend)
            values["openai_model" if backend == "openai" else "local_model"] = model
        if "store" in values:
            values["store"] = Path(str(values["store"])).expanduser()
        settings = cls(**values)  # type: ignore[arg-type]
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.llm_backend not in ("local", "openai", "llama-index", "extractive"):
            raise UserError(f"unknown backend {self.llm_backend!r}: use local, openai, llama-index or extractive")
        if self.llm_backend == "llama-index" and not self.llama_index_llm:
            raise UserError(
                "the llama-index backend needs ASSISTANT_LLAMA_INDEX_LLM, the LLM class to use "
                "(e.g. llama_index.llms.openai_like.OpenAILike), and ASSISTANT_LLAMA_INDEX_ARGS, its "
                "arguments as a JSON object"
            )
        if self.embed_backend not in ("local", "openai"):
            raise UserError(f"unknown embedder {self.embed_backend!r}: use local or openai")
        if self.top_k < 1 or self.top_k > 100:
            raise UserError(f"--k must be between 1 and 100, not {self.top_k}")
        if not 16 <= self.chunk_tokens <= 250:
            raise UserError(f"chunk size must be 16-250 word pieces (MiniLM reads 256), not {self.chunk_tokens}")
        if self.threads is not None and self.threads < 1:
            raise UserError("--threads must be at least 1")
        from assistant.backends.catalog import lookup

        lookup(self.local_model)  # an unknown name fails here, before any store is opened
        if self.length not in ("short", "medium", "long"):
            raise UserError(f"--length must be short, medium or long, not {self.length!r}")
        if self.context_tokens is not None and not 100 <= self.context_tokens <= 100_000:
            raise UserError(f"--context-tokens must be between 100 and 100000, not {self.context_tokens}")

    def with_(self, **changes: object) -> Settings:
        new = replace(self, **changes)  # type: ignore[arg-type]
        new.validate()
        return new

    @property
    def embed_model_name(self) -> str:
        if self.embed_backend == "openai":
            return self.openai_embed_model or "text-embedding-3-small"
        return "all-MiniLM-L6-v2-int8"

    def fingerprint(self) -> str:
        """Hash of what determines the stored chunks and vectors."""
        relevant = {
            # Bumped only when a store's old chunks no longer work. Splitting an over-long run of
            # lines (a table) between its rows, not inside one (2026-12-04), changes only such runs:
            # an older store keeps its chunks, and `ask` keeps working, until a file changes.
            "chunker": "sentences-v2",
            "chunk_tokens": self.chunk_tokens,
            "chunk_overlap": self.chunk_overlap,
            "embedder": self.embed_backend,
            "embed_model": self.embed_model_name,
        }
        return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]

    def public_dict(self) -> dict[str, object]:
        """Settings safe to print: no secrets live here, but keep it explicit."""
        data = asdict(self)
        data["store"] = str(self.store)
        return data


def cache_dir() -> Path:
    """Where the assistant keeps what it can recompute (model checks, eval stores, LLM states)."""
    base = os.environ.get("XDG_CACHE_HOME")
    return Path(base or Path.home() / ".cache") / "assistant"


def available_cores() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than exist)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def setup_offline_environment() -> None:
    """Point libraries at the data llama-index ships, so nothing is downloaded.

    tiktoken and nltk fetch their data on first use; llama-index-core ships both but
    only sets the variables inside its own calls.
    """
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        return
    import importlib.util

    spec = importlib.util.find_spec("llama_index.core")
    if spec and spec.submodule_search_locations:
        static = Path(list(spec.submodule_search_locations)[0]) / "_static"
        os.environ["TIKTOKEN_CACHE_DIR"] = str(static / "tiktoken_cache")
        nltk_dir = static / "nltk_cache"
        if nltk_dir.is_dir() and "NLTK_DATA" not in os.environ:
            os.environ["NLTK_DATA"] = str(nltk_dir)


def load_prompt(name: str) -> str:
    """A prompt template from `prompts/` (shipped in the wheel as `assistant.prompts`)."""
    from importlib.resources import files

    return files("assistant.prompts").joinpath(name).read_text(encoding="utf-8")
