"""ci-failure-classifier: explained, deduplicated, classified CI failures."""

__version__ = "0.1.0"
