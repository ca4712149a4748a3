"""Model backends: embedders and LLMs, each behind one small interface."""
