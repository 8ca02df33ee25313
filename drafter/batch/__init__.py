"""Batch production: many outlines, or one outline × a table of units, in parallel and make-like.

    inputs.py    outlines, folders and glob patterns → work items (one output per outline)
    table.py     .xlsx / .csv data tables → rows of variables, numbered as Excel shows them
    names.py     file-name patterns (the one Jinja syntax) and names safe on Windows
    manifest.py  drafter-manifest.json beside the outputs: what each output depends on
    worker.py    building and writing one item (in-process or in a spawned worker)
    runner.py    planning, up-to-date checks, the pool, interruption, the summary
    progress.py  a progress bar on a terminal, plain lines elsewhere

Only ``runner`` is imported by the command; nothing here is imported when drafter starts.
"""
from __future__ import annotations

from drafter.batch.runner import BatchOptions, BatchReport, run_batch

__all__ = ["BatchOptions", "BatchReport", "run_batch"]
