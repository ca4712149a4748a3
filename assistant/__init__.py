"""assistant: grounded, cited question answering over your own documents, offline first."""

__version__ = "0.1.0"
