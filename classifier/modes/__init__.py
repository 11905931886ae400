"""Modes: what the action or the CLI does with the settings; each returns a `ModeResult`.

`realtime` (this run, or files), `batch` (the backlog: checkpoint, shards, one model batch), `reclassify`
(stored labels again) and `validate` (the phase-0 report). Adapters come from `classifier/wiring.py`.
"""
