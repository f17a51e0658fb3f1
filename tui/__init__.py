"""qari: a terminal reader for Arabic news."""

__version__ = "0.1.0"
