"""Progress of a batch: a bar on a terminal (rich, imported only then), plain lines elsewhere."""
from __future__ import annotations

import sys
import time


def _rate_text(done: int, elapsed: float) -> str:
    rate = done / elapsed if elapsed > 0 else 0.0
    return f"每秒 {rate:.1f} 份" if rate < 10 else f"每秒 {rate:.0f} 份"


def _eta_text(done: int, total: int, elapsed: float) -> str:
    if not done or done >= total:
        return ""
    left = elapsed / done * (total - done)
    if left < 60:
        return f"，预计还要 {left:.0f} 秒"
    return f"，预计还要 {left / 60:.0f} 分钟"


class Progress:
    """Interface: ``start(total)``, ``advance()``, ``stop()``."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...

    def stop(self) -> None: ...


class Lines(Progress):
    """Plain lines for logs and pipes: at each tenth of the work, or every 5 seconds."""

    def __init__(self, stream=None, every: float = 5.0):
        self.stream = stream or sys.stderr
        self.every = every

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self.t0 = self.last = time.monotonic()
        self.step = 0

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        step = self.done * 10 // max(self.total, 1)
        if self.done == self.total or step > self.step or now - self.last >= self.every:
            self.step, self.last = step, now
            elapsed = now - self.t0
            pct = self.done * 100 // max(self.total, 1)
            print(f"进度：{self.done}/{self.total}（{pct}%），{_rate_text(self.done, elapsed)}"
                  f"{_eta_text(self.done, self.total, elapsed)}", file=self.stream, flush=True)


class Bar(Progress):
    """A rich progress bar: done/total, rate, time left."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr

    def start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RichProgress,
                                   TextColumn, TimeRemainingColumn)

        self.t0 = time.monotonic()
        self.done = 0
        self.progress = RichProgress(
            TextColumn("生成中"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
            TextColumn("剩余"), TimeRemainingColumn(),
            console=Console(file=self.stream), transient=True, refresh_per_second=8,
        )
        self.progress.start()
        self.task = self.progress.add_task("batch", total=total, rate="")

    def advance(self) -> None:
        self.done += 1
        rate = _rate_text(self.done, time.monotonic() - self.t0)
        self.progress.update(self.task, advance=1, rate=rate)

    def stop(self) -> None:
        self.progress.stop()


class Silent(Progress):
    pass


def make_progress(kind: str = "auto", stream=None) -> Progress:
    stream = stream or sys.stderr
    if kind == "auto":
        kind = "bar" if _is_terminal(stream) else "lines"
    if kind == "bar":
        try:
            import rich  # noqa: F401
        except ImportError:
            kind = "lines"
        else:
            return Bar(stream)
    if kind == "lines":
        return Lines(stream)
    return Silent()


def _is_terminal(stream) -> bool:
    import os

    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False
