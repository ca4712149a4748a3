"""`assistant serve`: the assistant over HTTP, for programs that are not a terminal.

- `worker.py`: the one thread that owns the store and the models, behind a bounded queue.
- `openai_chat.py`: the OpenAI chat-completions shapes (requests in, responses and stream
  chunks out), with the citations as structured data beside the text.
- `app.py`: the FastAPI application: routes, the token, size limits, one-line JSON errors.
"""
