"""Adapters that let other frameworks use the assistant. Each is imported on its own, lazily:
`import assistant` never imports a framework."""
