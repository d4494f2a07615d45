"""The search contract's fixtures: consent (b) is checked on each backend."""

from tests.search.conftest import backend, taxonomy

__all__ = ["backend", "taxonomy"]
