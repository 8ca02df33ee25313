"""Running a batch: plan the items, skip what is up to date, build the rest in parallel.

    plan      inputs or table rows → items, each with its output name (errors that concern the
              whole batch — a missing input, two items with one output name — stop here,
              before anything is written)
    check     the manifest says which outputs are up to date (dependency hash unchanged and
              the file as drafter wrote it); the rest are built
    execute   in-process for one job or a small batch; otherwise a ProcessPoolExecutor with the
              "spawn" start method (what Windows has), handing out chunks of items sized to
              about a tenth of a second of work (one round trip per chunk, not per draft); on
              a first run with --jobs N the workers start before planning, which they overlap
    record    the manifest is saved atomically every few seconds (less often when saving it
              takes long) and at the end — also after Ctrl+C, once the workers have finished
              the chunks they hold
    report    rebuilt / up to date / kept / failed, each failure with its file or row and reason

Exit codes (errors.py): 0 all done, 1 some items failed, 130 interrupted, 70 an internal error.
"""
from __future__ import annotations

import os
import queue
import re
import signal
import sys
import threading
import time
import types
from dataclasses import dataclass, field, replace
from pathlib import Path

from drafter.batch.manifest import FileHashes, Manifest, dependency_hash, folder_lock, key_hash, sha256
from drafter.batch.names import name_key, safe_stem
from drafter.batch.progress import make_progress
from drafter.batch.worker import Item, Settings, init_worker, outline_digest, resolved, run_item
from drafter.errors import (EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, InputError, OutputError, Problem,
                            UsageError)
from drafter.textio import ensure_folder

EXIT_INTERRUPTED = 130
POOL_PAYS_OFF = 1.5  # seconds of work left before starting workers is worth it (auto --jobs)
SAVE_EVERY = 2.0  # seconds between manifest saves while a batch runs (at least)
SAVE_SHARE = 0.02  # ... and at most this share of the parent's time goes to saving a big manifest


@dataclass
class BatchOptions:
    outdir: Path
    inputs: list = field(default_factory=list)
    outline: Path | None = None
    data: Path | None = None
    sheet: str | None = None
    header_row: int | None = None
    name: str | None = None
    jobs: int | None = None
    force: bool = False
    template: str | None = None
    reference_doc: Path | None = None
    snippet_dirs: tuple = ()
    template_dirs: tuple = ()
    progress: str = "auto"  # auto | bar | lines | none


@dataclass
class BatchReport:
    total: int = 0
    rebuilt: list = field(default_factory=list)  # output names
    uptodate: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # (output, reason)
    failed: list = field(default_factory=list)  # (where, reason)
    internal: list = field(default_factory=list)  # (where, log file)
    interrupted: bool = False
    seconds: float = 0.0
    workers: int = 1
    characters: int = 0

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.internal:
            return EXIT_INTERNAL
        if self.failed:
            return EXIT_FINDINGS
        return EXIT_OK


# ---- planning ------------------------------------------------------------------------------
@dataclass
class _Plan:
    items: list  # Item
    settings: Settings
    failed: list  # (where, reason) found while planning (a row whose file name is empty)


def _options(opts: BatchOptions) -> dict:
    """Options that change a draft; part of every output's dependency hash."""
    ref = None
    if opts.reference_doc is not None:
        path = Path(opts.reference_doc)
        if not path.is_file():
            raise InputError(Problem("找不到参考模板文件。", str(path),
                                     hint="--reference-doc 后写本单位 Word 模板（.docx）的路径。"))
        ref = sha256(path.read_bytes())
    return {"template": opts.template, "reference": ref, "fmt": "docx",
            "snippets": [resolved(str(d)) for d in opts.snippet_dirs],
            "templates": [resolved(str(d)) for d in opts.template_dirs]}


def _settings(opts: BatchOptions, **extra) -> Settings:
    return Settings(
        outdir=str(opts.outdir), force=opts.force, template=opts.template,
        reference_doc=str(opts.reference_doc) if opts.reference_doc else None,
        snippet_dirs=tuple(str(d) for d in opts.snippet_dirs),
        template_dirs=tuple(str(d) for d in opts.template_dirs),
        options=_options(opts), **extra,
    )


def plan(opts: BatchOptions) -> _Plan:
    if opts.data is not None:
        return _plan_table(opts)
    from drafter.batch.inputs import expand_inputs

    outlines = expand_inputs(opts.inputs)
    items = [Item(index=i, output=p.stem + ".docx", outline=str(p), label=str(p))
             for i, p in enumerate(outlines)]
    return _Plan(items, _settings(opts), [])


def _plan_table(opts: BatchOptions) -> _Plan:
    from drafter.batch.names import NamePattern, default_pattern
    from drafter.batch.table import read_table
    from drafter.outline import load

    outline = Path(opts.outline)
    load(outline)  # the one outline of the batch: a mistake in it stops the batch (exit 3)
    table = read_table(Path(opts.data), opts.sheet, opts.header_row)
    pattern = NamePattern(opts.name or default_pattern(table.headers), table.headers)
    label = table.path.name + (f"（工作表“{table.sheet}”）" if table.sheet else "")
    items, failed = [], []
    first_row: dict[str, int] = {}
    clashes = []
    for seq, row in enumerate(table.rows, start=1):
        where = f"{label} 第 {row.number} 行"
        index = len(items) + len(failed)
        try:
            rendered = pattern.render(row.values, {"行号": row.number, "序号": seq})
        except InputError as exc:
            if any("不是表格的列名" in p.message or "无法使用" in p.message for p in exc.problems):
                raise
            failed.append((where, exc.problems[0].message + "（文件名模式：" + pattern.pattern + "）"))
            continue
        stem = safe_stem(rendered)
        if not stem:
            failed.append((where, f"按文件名模式“{pattern.pattern}”得到的文件名是空的。"))
            continue
        key = name_key(stem)
        if key in first_row:
            clashes.append(Problem(f"第 {first_row[key]} 行和第 {row.number} 行生成的文件名相同：“{stem}.docx”。",
                                   str(table.path),
                                   hint=f"让 --name 的文件名模式包含能区分各行的列，例如 --name \"{{{{ 序号 }}}}-{pattern.pattern}\"。"))
            continue
        first_row[key] = row.number
        items.append(Item(index=index, output=stem + ".docx", outline=str(outline), label=where,
                          row=row.number, variables=row.values, unit_key=rendered))
    if clashes:
        raise InputError(clashes)
    settings = _settings(opts, data=str(table.path), sheet=table.sheet, data_label=label,
                         columns=dict(table.columns))
    return _Plan(items, settings, failed)


# ---- up to date? ------------------------------------------------------------------------------
class _Checker:
    """Decides, from the manifest, which outputs need no work."""

    def __init__(self, opts: BatchOptions, settings: Settings, manifest: Manifest):
        self.opts, self.settings, self.manifest = opts, settings, manifest
        self.hashes = FileHashes()
        self.outlines: dict[str, tuple[str, str]] = {}
        self.searches: dict[str, object] = {}
        self.resolution: dict[tuple, bool] = {}
        self.restamped: dict[str, list] = {}

    def up_to_date(self, item: Item) -> bool:
        entry = self.manifest.entries.get(item.output)
        if not entry:
            return False
        target = Path(self.settings.outdir) / item.output
        try:
            st = target.stat()
        except OSError:
            return False
        stat = [st.st_size, st.st_mtime_ns]
        if list(entry.get("stat") or ()) != stat:
            try:
                if sha256(target.read_bytes()) != entry.get("output"):
                    return False  # edited since, or not ours: the worker decides what to do
            except OSError:
                return False
            self.restamped[item.output] = stat  # same bytes, touched: remember the new stamp
        path, digest = self._outline(item.outline)
        key = key_hash(outline_path=path, outline_digest=digest, row=item.variables,
                       unit_key=item.unit_key, options=self.settings.options)
        deps = entry.get("deps") or []
        if not all(self._resolves(item.outline, d) for d in deps):
            return False
        return dependency_hash(key, [(d, self.hashes.get(d)) for d in deps]) == entry.get("hash")

    def _outline(self, outline: str) -> tuple[str, str]:
        if outline not in self.outlines:
            self.outlines[outline] = (resolved(outline), outline_digest(outline)[0])
        return self.outlines[outline]

    def _resolves(self, outline: str, dep: str) -> bool:
        """The name behind ``dep`` still resolves to ``dep`` on the search path."""
        folder = str(Path(outline).resolve().parent)
        cache_key = (folder, dep)
        if cache_key not in self.resolution:
            self.resolution[cache_key] = self._resolve(outline, folder, dep)
        return self.resolution[cache_key]

    def _resolve(self, outline: str, folder: str, dep: str) -> bool:
        from drafter.search import SearchPath

        search = self.searches.get(folder)
        if search is None:
            search = SearchPath.for_outline(Path(outline), tuple(Path(d) for d in self.settings.snippet_dirs),
                                            tuple(Path(d) for d in self.settings.template_dirs))
            self.searches[folder] = search
        path = Path(dep)
        for kind in ("templates", "snippets"):
            for _, d in search.dirs(kind):
                try:
                    rel = path.relative_to(d)
                except ValueError:
                    continue
                try:
                    found = search.find(kind, rel.with_suffix("").as_posix())
                except InputError:
                    return False
                return found is not None and str(found) == dep
        return Path(dep).is_file()


# ---- running -------------------------------------------------------------------------------
class _Interrupt:
    """Ctrl+C sets a flag; the batch stops handing out work and finishes what is running."""

    def __init__(self):
        self.stop = False
        self._old = None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self._old = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum, frame):
        if self.stop:  # a second Ctrl+C: the default behaviour
            raise KeyboardInterrupt
        self.stop = True

    def __exit__(self, *exc):
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)
        return False


def run_batch(opts: BatchOptions, stream=None) -> BatchReport:
    stream = stream or sys.stderr
    with _Interrupt() as interrupt:
        return _run_batch(opts, stream, interrupt)


def _run_batch(opts: BatchOptions, stream, interrupt: _Interrupt) -> BatchReport:
    t0 = time.perf_counter()
    if opts.jobs is not None and opts.jobs < 1:
        raise UsageError(Problem("--jobs 应当是 1 或更大的整数。"))
    pool = _early_pool(opts)
    try:
        return _run_planned(opts, stream, interrupt, t0, pool)
    finally:
        if pool is not None:
            pool.close()


def _early_pool(opts: BatchOptions):
    """Workers started before planning, when they will almost surely be used: --jobs N given
    and no manifest yet (a first run builds everything). Each spends 0.15–0.3 s starting Python
    and importing drafter before its first draft; meanwhile the parent reads the outline and the
    table and names the outputs. Later runs, which may find everything up to date, start them
    after the check, as before. If planning fails, the unused workers only finish starting."""
    from drafter.batch.manifest import MANIFEST_NAME

    if not opts.jobs or opts.jobs < 2 or not _can_spawn():
        return None
    try:
        if (Path(opts.outdir) / MANIFEST_NAME).exists():
            return None
    except OSError:
        return None
    return _Pool(opts.jobs)


def _run_planned(opts: BatchOptions, stream, interrupt: _Interrupt, t0: float, pool) -> BatchReport:
    the_plan = plan(opts)
    report = BatchReport(total=len(the_plan.items) + len(the_plan.failed))
    if interrupt.stop:
        return _stopped(report, stream)
    outdir = Path(opts.outdir)
    _prepare_outdir(outdir)
    with folder_lock(outdir):  # two batches into one folder would each save their own manifest
        return _build_into(outdir, the_plan, report, opts, stream, interrupt, t0, pool)


def _build_into(outdir: Path, the_plan, report: BatchReport, opts: BatchOptions, stream,
                interrupt: _Interrupt, t0: float, pool) -> BatchReport:
    manifest = Manifest.load(outdir)
    if manifest.problem:
        print("警告：" + manifest.problem, file=stream)
    report.failed += the_plan.failed
    checker = _Checker(opts, the_plan.settings, manifest)
    todo = []
    for item in the_plan.items:
        if interrupt.stop:
            return _stopped(report, stream)
        if checker.up_to_date(item):
            report.uptodate.append(item.output)
        else:
            entry = manifest.entries.get(item.output)
            expected = entry.get("output") if entry else None
            todo.append(replace(item, expected=expected))
    for output, stat in checker.restamped.items():
        if output in report.uptodate:
            manifest.entries[output] = {**manifest.entries[output], "stat": stat}  # replaced, not changed
    if checker.restamped and not todo:
        _save(manifest, report, stream)
    if todo:
        print(f"共 {report.total} 份：{len(todo)} 份需要生成，{len(report.uptodate)} 份已是最新。", file=stream)
        jobs = opts.jobs or os.cpu_count() or 1
        report.workers = max(1, min(jobs, len(todo)))
        _execute(todo, the_plan, manifest, report, opts, stream, interrupt, dirty=bool(checker.restamped),
                 pool=pool)
    report.interrupted = interrupt.stop
    report.seconds = time.perf_counter() - t0
    _print_summary(report, stream)
    return report


def _stopped(report: BatchReport, stream) -> BatchReport:
    report.interrupted = True
    print("已中止：还没有开始生成，什么也没有写。", file=stream)
    return report


def _prepare_outdir(outdir: Path) -> None:
    ensure_folder(outdir)


def _execute(todo, the_plan: _Plan, manifest: Manifest, report: BatchReport, opts: BatchOptions, stream,
             interrupt: _Interrupt, dirty: bool = False, pool=None):
    progress = make_progress(opts.progress, stream)
    by_index = {item.index: item for item in todo}
    state = {"dirty": dirty, "saved": time.monotonic(), "every": SAVE_EVERY}

    def record(result: dict) -> None:
        item = by_index[result["index"]]
        status = result["status"]
        if status in ("rebuilt", "adopted"):
            manifest.entries[item.output] = _compact(result["entry"])
            state["dirty"] = True
            report.characters += result["entry"].get("characters", 0)
            (report.rebuilt if status == "rebuilt" else report.uptodate).append(item.output)
        elif status == "kept":
            report.kept.append((item.output, result["message"]))
        elif status == "failed":
            report.failed.append((item.label, result["message"]))
        else:
            report.internal.append((item.label, _log_internal(item.label, result["message"])))
        progress.advance()
        now = time.monotonic()
        if state["dirty"] and now - state["saved"] >= state["every"]:
            _save(manifest, report, stream)
            # Each save writes every entry: with tens of thousands of drafts that is no longer
            # cheap, and the parent's time is taken from the workers. Space the saves so they
            # stay a small share of it; Ctrl+C and the end of the batch save anyway.
            done = time.monotonic()
            state["every"] = max(SAVE_EVERY, (done - now) / SAVE_SHARE)
            state["dirty"], state["saved"] = False, done

    progress.start(len(todo))
    try:
        rest = todo
        if report.workers > 1 and not _can_spawn():
            report.workers = 1
        if report.workers <= 1 or opts.jobs is None:
            rest = _run_here(todo, the_plan.settings, record, interrupt, adaptive=report.workers > 1)
        if rest and not interrupt.stop:
            report.workers = min(report.workers, len(rest))
            _run_pool(rest, the_plan.settings, report.workers, record, interrupt, pool)
        elif opts.jobs is None:
            report.workers = 1
    finally:
        progress.stop()
        if state["dirty"]:
            _save(manifest, report, stream)


_SHARED: dict = {}
_REPEATED = frozenset({"outline", "data", "sheet"})  # the same on every row of a batch


def _compact(entry: dict) -> dict:
    """Manifest entries of one batch repeat the same keys, paths and dependency lists: share
    them, so the parent's memory hardly grows with the number of drafts. Values of one row only
    (hashes, unit names) are left alone: interning them would only grow the interned table."""
    def share(value, repeated: bool = False):
        if isinstance(value, str):
            return sys.intern(value) if repeated else value
        if isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                return value
            key = tuple(sys.intern(v) for v in value)  # dependency lists: one tuple for all rows
            return _SHARED.setdefault(key, key)
        if isinstance(value, dict):
            return {sys.intern(k): share(v, k in _REPEATED) for k, v in value.items()}
        return value
    return share(entry)


def _can_spawn() -> bool:
    """Spawned workers re-import the main script; code fed through stdin has none to import."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or os.path.exists(main_file)


def _run_here(todo, settings: Settings, record, interrupt: _Interrupt, adaptive: bool) -> list:
    """Build in this process. ``adaptive`` (no --jobs given): once the work left is clearly
    worth more than starting workers, return the rest for the pool; small batches never pay
    for spawning processes that import drafter again."""
    init_worker(settings)
    spent = 0.0
    for k, item in enumerate(todo):
        if interrupt.stop:
            return []
        t = time.perf_counter()
        record(run_item(item))
        if k:  # the first item pays for imports and caches
            spent += time.perf_counter() - t
            left = len(todo) - k - 1
            if adaptive and left and spent / k * left > POOL_PAYS_OFF:
                return todo[k + 1:]
    return []


CHUNK_SECONDS = 0.1  # work per chunk handed to a worker: few round trips, Ctrl+C still prompt
CHUNK_MAX = 64  # items per chunk at most
CHUNKS_PER_WORKER = 2  # chunks handed out ahead per worker: one it works on, one waiting
BROKEN = "工作进程意外退出（可能是内存不足或被系统结束）。"


class _ChunkSizer:
    """How many items the next chunk holds. One round trip per draft costs the parent about
    half a millisecond (pickling, the pool's threads, waking up): little next to a draft, but
    with two workers on two cores it is taken straight from them. Chunks of about
    CHUNK_SECONDS of work make that negligible while a Ctrl+C still stops within a fraction of
    a second and the workers still finish together (chunks shrink towards the end)."""

    def __init__(self, workers: int):
        self.workers = workers
        self.seconds = 0.0
        self.items = 0

    def learn(self, seconds: float, items: int) -> None:
        self.seconds += seconds
        self.items += items

    def size(self, left: int) -> int:
        if not self.items:  # nothing timed yet: one at a time, as before
            return 1
        per_item = self.seconds / self.items
        size = int(CHUNK_SECONDS / per_item) if per_item > 0 else CHUNK_MAX
        tail = left // (self.workers * (CHUNKS_PER_WORKER + 1))
        return max(1, min(size, CHUNK_MAX, tail))


class _Pool:
    """Spawned workers ("spawn" is what Windows has). Started as soon as they are known to be
    needed — each spends a third of a second importing drafter — and handed the batch's
    Settings with every chunk, so they can start before planning is done."""

    def __init__(self, workers: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from drafter.batch.worker import init_spawned_worker, warm_up

        self.workers = workers
        blocked = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
        if blocked:
            # Workers start with Ctrl+C blocked and ignore it once running, so a Ctrl+C while
            # they start cannot print a traceback. The resource tracker must be running first:
            # starting it unblocks SIGINT in this thread.
            from multiprocessing import resource_tracker

            resource_tracker.ensure_running()
            old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        main = sys.modules.get("__main__")
        try:
            # The workers run only drafter.batch.worker. Left alone, "spawn" makes each of them
            # import the main script first — for the installed ``drafter`` command that is the
            # whole CLI (typer, click: ~70 ms per worker, every run). A bare stand-in gives them
            # nothing to import.
            sys.modules["__main__"] = types.ModuleType("__main__")
            self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                                initializer=init_spawned_worker)
            # The pool spawns a worker per submission while none is idle: one warm-up each
            # starts them all now, importing what the first draft needs.
            for _ in range(workers):
                self.executor.submit(warm_up)
        finally:
            if main is not None:
                sys.modules["__main__"] = main
            if blocked:
                signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)

    def close(self) -> None:
        """Idempotent. Unused workers (planning failed, nothing to build) are not waited for
        here; they exit as soon as they have finished starting."""
        self.executor.shutdown(wait=False, cancel_futures=True)


def _run_pool(todo, settings: Settings, workers: int, record, interrupt: _Interrupt, pool: _Pool | None = None):
    """Build ``todo`` in spawned workers. Items are handed out in chunks, a few chunks ahead, so
    the parent holds a handful of futures whatever the size of the batch, and Ctrl+C has little
    to cancel."""
    from concurrent.futures.process import BrokenProcessPool

    from drafter.batch.worker import run_chunk

    if pool is None:
        pool = _Pool(workers)
    workers = pool.workers
    executor = pool.executor
    finished: queue.SimpleQueue = queue.SimpleQueue()  # one callback per future, no wait() scans
    sizer = _ChunkSizer(workers)
    state = {"next": 0, "broken": False}
    in_flight: dict = {}

    def submit(count: int) -> None:
        for _ in range(count):
            start = state["next"]
            if start >= len(todo):
                return
            chunk = todo[start:start + sizer.size(len(todo) - start)]
            try:
                future = executor.submit(run_chunk, chunk, settings)
            except BrokenProcessPool:  # a worker died, perhaps while starting
                state["broken"] = True
                return
            state["next"] = start + len(chunk)
            in_flight[future] = chunk
            future.add_done_callback(finished.put)

    def collect(future) -> bool:
        """Record a finished chunk; False when the pool broke (a worker died)."""
        chunk = in_flight.pop(future)
        if future.cancelled():
            return True
        try:
            results, seconds, timed = future.result()
        except BrokenProcessPool:
            for item in chunk:
                record({"index": item.index, "status": "internal", "message": BROKEN})
            return False
        sizer.learn(seconds, timed)
        for result in results:
            record(result)
        return True

    try:
        submit(workers * CHUNKS_PER_WORKER)
        while in_flight and not interrupt.stop and not state["broken"]:
            try:
                future = finished.get(timeout=0.2)
            except queue.Empty:
                continue
            if future in in_flight:
                state["broken"] = not collect(future)
                if not state["broken"] and not interrupt.stop:
                    submit(1)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    for future in list(in_flight):  # finished while we stopped: record them too
        collect(future)
    if state["broken"]:  # what was never handed out
        for item in todo[state["next"]:]:
            record({"index": item.index, "status": "internal", "message": BROKEN})


def _save(manifest: Manifest, report: BatchReport, stream) -> None:
    try:
        manifest.save()
    except OutputError as exc:
        print("警告：记录文件没能保存，下次运行会把这些稿子当作需要核对的：\n" + exc.format(), file=stream)


def _log_internal(where: str, details: str) -> str:
    import tempfile

    from drafter import __version__

    log = Path(tempfile.gettempdir()) / "drafter-error.log"
    try:
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"drafter {__version__} batch item {where}\n{details}\n")
    except OSError:
        pass
    return str(log)


# ---- the summary -------------------------------------------------------------------------------
def _print_summary(report: BatchReport, stream) -> None:
    rate = ""
    built = len(report.rebuilt)
    if built and report.seconds > 0:
        rate = f"，每秒 {built / report.seconds:.1f} 份" if built / report.seconds < 10 else f"，每秒 {built / report.seconds:.0f} 份"
    head = "已中止" if report.interrupted else "批量生成完成"
    failed = len(report.failed) + len(report.internal)
    print(f"{head}：共 {report.total} 份，新生成 {built} 份，已是最新 {len(report.uptodate)} 份，"
          f"保留 {len(report.kept)} 份，失败 {failed} 份；用时 {report.seconds:.1f} 秒{rate}。", file=stream)
    if report.failed:
        print(f"失败 {len(report.failed)} 份：", file=stream)
        for line in _group_failures(report.failed):
            print(line, file=stream)
    if report.internal:
        print(f"内部错误 {len(report.internal)} 份（drafter 自身的问题，不是您的错；详情已记录在 "
              f"{report.internal[0][1]}，请发给维护人员）：", file=stream)
        wheres = [where for where, _ in report.internal]
        print("  " + _join_wheres(wheres), file=stream)
    if report.kept:
        print(f"保留 {len(report.kept)} 份（没有覆盖；确认不要这些改动时加 --force 重新生成）：", file=stream)
        for output, reason in report.kept:
            print(f"  {output}：{reason}", file=stream)
    if report.interrupted:
        left = report.total - built - len(report.uptodate) - len(report.kept) - failed
        print(f"还有 {left} 份没有生成。再次运行同一命令会接着生成其余的稿子，已完成的不会重做。", file=stream)


def _group_failures(failed: list) -> list[str]:
    """One entry per reason: the same outline error on many rows is shown once, with the rows."""
    groups: dict[str, list[str]] = {}
    for where, reason in failed:
        groups.setdefault(reason, []).append(where)
    lines = []
    for reason, wheres in groups.items():
        reason_lines = reason.splitlines() or [""]
        where = _join_wheres(wheres)
        if len(wheres) == 1 and reason_lines[0].startswith(where):
            lines.append("  " + "\n  ".join(reason_lines))
        else:
            lines.append(f"  {where}：" + "\n  ".join(reason_lines))
    return lines


_ROW_WHERE = re.compile(r"^(.*) 第 (\d+) 行$")


def _join_wheres(wheres: list[str]) -> str:
    if len(wheres) == 1:
        return wheres[0]
    rows = [_ROW_WHERE.match(w) for w in wheres]
    if all(rows) and len({m.group(1) for m in rows}) == 1:
        numbers = sorted(int(m.group(2)) for m in rows)
        spans, start = [], numbers[0]
        for a, b in zip(numbers, numbers[1:] + [None]):
            if b != a + 1:
                spans.append(str(start) if start == a else f"{start}–{a}")
                start = b
        return f"{rows[0].group(1)} 第 {'、'.join(spans)} 行（共 {len(numbers)} 行）"
    shown = "、".join(wheres[:5])
    return shown + (f" 等 {len(wheres)} 份" if len(wheres) > 5 else "")
