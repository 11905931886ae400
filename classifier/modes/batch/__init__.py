"""Batch (backlog) mode: see `run.py`; bookkeeping in `checkpoint.py`, sources in `items.py`, the model
deferral in `deferral.py`."""

from classifier.modes.batch.checkpoint import Checkpoint, ProgressBar, Shard
from classifier.modes.batch.items import file_items
from classifier.modes.batch.run import BatchSummary, process_backlog, run

__all__ = ["BatchSummary", "Checkpoint", "ProgressBar", "Shard", "file_items", "process_backlog", "run"]
