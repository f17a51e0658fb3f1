"""The analyst's tests use the reader's fixtures: a store holding the bundled sample."""

from app.conftest import sample_store, sample_store_file

__all__ = ["sample_store", "sample_store_file"]
