"""An OpenAI-compatible server for a local model: llama.cpp's own, run by xllamacpp.

    python -m assistant.backends.serve_llm --model smollm2-135m --port 8080

Serves /v1/chat/completions (streaming included), /v1/models and, with --embedding,
/v1/embeddings on 127.0.0.1 until it is stopped (Ctrl-C or SIGTERM). The tests run the
openai and llama-index backends against it; anything else that speaks the OpenAI API can too.
It comes with the default install: no compiled package is needed.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from assistant.config import UserError


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m assistant.backends.serve_llm", description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="smollm2-135m", help="a model name (assistant models) or a GGUF file")
    parser.add_argument("--alias", help="the model name clients use (default: the model's file name)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="0: any free port (printed when ready)")
    parser.add_argument("--threads", type=int, default=1, help="CPU threads for generating")
    parser.add_argument("--ctx", type=int, default=4096, help="context size in tokens, shared by the slots")
    parser.add_argument("--parallel", type=int, default=1, help="requests answered at once")
    # 1.1 as llama-cpp-python's server and Ollama default to (llama.cpp's own: 1.0): the Qwen
    # 1.5B's summary of the seed article ended in "The documents don't say." without it.
    parser.add_argument(
        "--repeat-penalty",
        type=float,
        default=1.1,
        help="default penalty on repeating any of the last 64 tokens (1.0: none, and "
        "prompts are cached); a request's own repeat_penalty wins",
    )
    parser.add_argument("--embedding", action="store_true", help="serve /v1/embeddings (mean-pooled) only")
    parser.add_argument("--api-key", help="require this key (default: any key or none)")
    return parser.parse_args(argv)


def serve(args: argparse.Namespace) -> None:
    import xllamacpp

    from assistant.backends.catalog import lookup
    from assistant.backends.modelfiles import model_path
    from assistant.backends.xllamacpp_runtime import server_params, start_server

    params = server_params(
        model_path(lookup(args.model)),
        args.threads,
        args.threads,
        args.ctx,
        host=args.host,
        port=args.port,
        parallel=args.parallel,
    )
    params.sampling.penalty_repeat = args.repeat_penalty
    # With a repeat penalty, llama.cpp's penalty history differs when the prompt's start comes
    # from the cache: the same request got another reply the second time. Replies that do not
    # depend on earlier requests are worth reading every prompt whole.
    params.cache_prompt = args.repeat_penalty == 1.0
    params.sampling.penalty_last_n = 64
    if args.alias:
        params.model_alias = {args.alias}
    if args.api_key:
        params.api_keys = [args.api_key]
    if args.embedding:
        params.embedding = True
        # A chat model has no pooling of its own, and llama.cpp's OpenAI endpoint refuses none.
        params.pooling_type = xllamacpp.llama_pooling_type.LLAMA_POOLING_TYPE_MEAN
    server = start_server(params)
    print(f"serving {params.model.path} at {server.listening_address}/v1", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(1.0):  # a timed wait lets the signal handler run
            pass
    except KeyboardInterrupt:
        pass
    del server  # stops llama.cpp's loop and listener


def main(argv: list[str] | None = None) -> int:
    try:
        serve(parse_args(argv))
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
