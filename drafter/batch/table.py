"""Data tables for ``drafter batch --data``: one draft per row, column headers as variables.

Real office sheets, not clean CSV exports:

* a title row (often one merged cell) and notes above the header: the header row is found
  automatically — the first row that fills at least half the width of the table with text —
  unless ``--header-row`` gives it, counted as Excel shows row numbers;
* merged cells: a value merged over several rows or columns applies to every cell it covers
  (openpyxl's read-only mode, used for speed and memory, does not report merged ranges, so
  they are read from the sheet's XML; a full load is the fallback);
* numbers that arrive as 3.0 print as 3 (``render.plain_value``), dates as 2026年3月15日,
  percentages as Excel shows them (12.5%);
* .csv as Excel writes it: UTF-8 with or without BOM, else GBK/GB18030 (Chinese Windows),
  UTF-16 ("Unicode 文本"); comma, tab or semicolon separated.

Rows keep the number Excel shows beside them, so every message can point at the row. An
empty cell is left out of the row's variables: the outline's ``[vars]`` default applies, and
without one the row is reported with its row number and column.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import InputError, Problem, UsageError, did_you_mean
from drafter.render import plain_value
from drafter.textio import decode_bytes

HEADER_SCAN_ROWS = 30
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$")
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


@dataclass
class Row:
    number: int  # the row number Excel shows (CSV: the record number)
    values: dict  # header -> value; empty cells left out


@dataclass
class Table:
    path: Path
    sheet: str | None  # None for .csv
    header_row: int
    headers: list[str]
    columns: dict[str, str] = field(default_factory=dict)  # header -> column letter
    rows: list[Row] = field(default_factory=list)

    def where(self, row: int) -> str:
        """How a message names a row: 'units.xlsx 第 5 行' (with the sheet if there are several)."""
        sheet = f"（工作表“{self.sheet}”）" if self.sheet else ""
        return f"{self.path.name}{sheet} 第 {row} 行"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def read_table(path: Path, sheet: str | None = None, header_row: int | None = None) -> Table:
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise InputError(Problem("找不到数据表文件。", name, hint="请检查文件名和所在文件夹是否写对。"))
    if path.is_dir():
        raise InputError(Problem("这是一个文件夹，不是数据表文件。", name))
    if header_row is not None and header_row < 1:
        raise UsageError(Problem("--header-row 应当是 1 或更大的行号（按 Excel 左侧显示的行号）。"))
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".ett", ".xlt"):
        raise InputError(Problem(f"不支持 {suffix} 格式的旧式表格。", name,
                                 hint="请在 Excel 或 WPS 里打开它，“另存为”Excel 工作簿（.xlsx）后再用。"))
    if suffix in (".xlsx", ".xlsm"):
        sheet_name, grid = _read_xlsx(path, sheet)
    elif suffix in (".csv", ".tsv", ".txt"):
        if sheet is not None:
            raise UsageError(Problem("--sheet 只适用于 .xlsx 工作簿，.csv 文件只有一张表。"))
        sheet_name, grid = None, _read_csv(path)
    else:
        raise InputError(Problem(f"不认识的数据表格式“{suffix or '（无扩展名）'}”。", name,
                                 hint="数据表请用 Excel 工作簿（.xlsx）或 CSV 文件（.csv）。"))
    return _to_table(path, sheet_name, grid, header_row)


# ---- .xlsx -------------------------------------------------------------------------------------
def _read_xlsx(path: Path, sheet: str | None) -> tuple[str, list[list]]:
    # openpyxl warns in English about what it tolerates (workbooks from WPS and other tools
    # often lack a default style); a writer can do nothing with that, so it is not shown.
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_xlsx_quietly(path, sheet)


def _read_xlsx_quietly(path: Path, sheet: str | None) -> tuple[str, list[list]]:
    import openpyxl

    name = str(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except PermissionError:
        raise InputError(Problem("无法读取数据表：文件正被其他程序独占。", name,
                                 hint="关闭打开着它的 Excel 或 WPS 后再试。")) from None
    except Exception:  # noqa: BLE001 - damaged archives and XML fail in many ways inside openpyxl
        raise InputError(Problem("无法读取这个 .xlsx 文件：它可能已损坏、设置了打开密码，或其实不是 Excel 工作簿。",
                                 name, hint="在 Excel 或 WPS 里打开它确认内容，取消密码后“另存为”.xlsx 再试。")) from None
    try:
        ws = _pick_sheet(wb, sheet, name)
        try:
            merges = _merged_ranges(ws)
            rows = _xlsx_rows(ws)
        except AttributeError:  # openpyxl internals moved: read everything the slow way
            wb.close()
            wb = openpyxl.load_workbook(path, read_only=False, data_only=True)
            ws = wb[ws.title]
            merges = [(r.min_row, r.min_col - 1, r.max_row, r.max_col - 1) for r in ws.merged_cells.ranges]
            rows = _xlsx_rows(ws)
        _apply_merges(rows, merges)
        return ws.title, rows
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged workbook must not give a traceback
        raise InputError(Problem(f"读取工作簿时出错（{type(exc).__name__}）：它可能已损坏。", name,
                                 hint="在 Excel 或 WPS 里打开它，“另存为”.xlsx 后再试。")) from None
    finally:
        wb.close()


def _pick_sheet(wb, sheet: str | None, name: str):
    titles = [ws.title for ws in wb.worksheets]
    if sheet is None:
        visible = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        if not (visible or wb.worksheets):
            raise InputError(Problem("工作簿里没有工作表。", name))
        return (visible or wb.worksheets)[0]
    if sheet in titles:
        return wb[sheet]
    for ws in wb.worksheets:  # tolerate spaces and case around the name
        if ws.title.strip().casefold() == sheet.strip().casefold():
            return ws
    hint = (did_you_mean(sheet, titles) or "") + "工作簿里的工作表有：" + "、".join(titles) + "。"
    raise InputError(Problem(f"工作簿里没有名为“{sheet}”的工作表。", name, hint=hint))


def _xlsx_rows(ws) -> list[list]:
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # some writers record a wrong sheet size; read what is there
    rows = []
    for cells in ws.iter_rows():
        rows.append([_cell_value(c) for c in cells])
    while rows and not any(v is not None for v in rows[-1]):
        rows.pop()
    return rows


def _cell_value(cell):
    value = getattr(cell, "value", None)
    if value is None:
        return None
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
        return value or None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        fmt = getattr(cell, "number_format", "") or ""
        if "%" in fmt:
            return f"{float(f'{value * 100:.12g}'):g}%"
        if isinstance(value, float):
            value = float(f"{value:.15g}")  # 0.30000000000000004 → 0.3, as Excel shows it
        return value
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date()
        return f"{plain_value(value.date())}{value.hour}时{value.minute:02d}分"
    if isinstance(value, dt.time):
        return f"{value.hour}时{value.minute:02d}分"
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def _merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    """(first row, first column index, last row, last column index) of each merged range,
    read from the sheet's XML (read-only worksheets do not expose them)."""
    if not hasattr(ws, "_get_source"):
        return [(r.min_row, r.min_col - 1, r.max_row, r.max_col - 1) for r in ws.merged_cells.ranges]
    out = []
    tail = b""
    with ws._get_source() as src:
        while True:
            chunk = src.read(1 << 20)
            if not chunk:
                break
            data = tail + chunk
            for m in _MERGE_RE.finditer(data):
                c1, r1 = _column_index(m.group(1).decode()), int(m.group(2))
                c2 = _column_index(m.group(3).decode()) if m.group(3) else c1
                r2 = int(m.group(4)) if m.group(4) else r1
                out.append((r1, c1, r2, c2))
            tail = data[-200:]  # a tag split across chunks is found again; duplicates are harmless
    return sorted(set(out))


def _apply_merges(rows: list[list], merges) -> None:
    """A merged value covers every cell of its range. Horizontal copies are marked so that
    header detection and header names see one cell, not several."""
    for r1, c1, r2, c2 in merges:
        if r1 - 1 >= len(rows):
            continue
        top = rows[r1 - 1]
        value = top[c1] if c1 < len(top) else None
        if value is None:
            continue
        for r in range(r1, min(r2, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) <= c2:
                row.extend([None] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                if (r, c) == (r1, c1):
                    continue
                row[c] = _Copy(value, horizontal=c != c1)


class _Copy:
    """A value copied from a merged range's top-left cell."""

    __slots__ = ("value", "horizontal")

    def __init__(self, value, horizontal: bool):
        self.value, self.horizontal = value, horizontal


# ---- .csv --------------------------------------------------------------------------------------
def _read_csv(path: Path) -> list[list]:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(Problem(f"无法读取数据表：{exc.strerror or exc}。", name,
                                 hint="关闭打开着它的 Excel 或 WPS 后再试。")) from None
    text = _decode_csv(data, name)
    sample = text[:4096]
    first = sample.split("\n", 1)[0]
    delimiter = max(",\t;", key=first.count) if any(d in first for d in ",\t;") else ","
    rows = []
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows.append([_text_value(v) for v in record])
    while rows and not any(v is not None for v in rows[-1]):
        rows.pop()
    return rows


def _decode_csv(data: bytes, name: str) -> str:
    return decode_bytes(data, name, binary_hint="Excel 工作簿请直接用 .xlsx 文件，不要改扩展名。")[0]


def _text_value(text: str):
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return None
    m = _DATE_TEXT.match(text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return text
    return text


# ---- header and rows ---------------------------------------------------------------------------
def _plain(cell):
    return cell.value if isinstance(cell, _Copy) else cell


def _header_cells(row: list) -> list:
    """The header row as names: horizontal merge copies do not repeat a header."""
    return [None if (isinstance(c, _Copy) and c.horizontal) else _plain(c) for c in row]


def _detect_header(grid: list[list]) -> int | None:
    scan = grid[:HEADER_SCAN_ROWS]
    width = max((sum(1 for c in _header_cells(r) if c is not None) for r in scan), default=0)
    for index, row in enumerate(scan):
        cells = [c for c in _header_cells(row) if c is not None]
        if len(cells) >= 2 and len(cells) * 2 >= width and all(isinstance(c, str) for c in cells):
            return index + 1
    for index, row in enumerate(scan):  # a one-column table, or headers with numbers in them
        cells = [c for c in _header_cells(row) if c is not None]
        if len(cells) * 2 >= width and cells:
            return index + 1
    return None


def _to_table(path: Path, sheet: str | None, grid: list[list], header_row: int | None) -> Table:
    name = str(path)
    if not grid:
        raise InputError(Problem("数据表是空的。", name, hint="第一行写列名（如 乡镇、书记），下面每行写一个单位。"))
    if header_row is None:
        header_row = _detect_header(grid)
        if header_row is None:
            raise InputError(Problem("没有找到表头行（写列名的那一行）。", name,
                                     hint="用 --header-row 指定表头所在的行号（按 Excel 左侧显示的行号）。"))
    if header_row > len(grid) or not any(c is not None for c in _header_cells(grid[header_row - 1])):
        raise InputError(Problem(f"第 {header_row} 行是空的，不能作为表头。", name,
                                 hint="--header-row 写列名所在的行号（按 Excel 左侧显示的行号）。"))
    headers: list[str] = []
    columns: dict[str, str] = {}
    positions: list[tuple[int, str]] = []
    problems = []
    for index, cell in enumerate(_header_cells(grid[header_row - 1])):
        if cell is None:
            continue
        header = re.sub(r"\s*\n\s*", "", plain_value(cell)).strip()
        if not header:
            continue
        letter = column_letter(index)
        if header in columns:
            problems.append(Problem(f"表头“{header}”出现了两次（{columns[header]} 列和 {letter} 列）。", name,
                                    header_row, hint="把其中一列改个名字，每个列名只能用一次。"))
            continue
        columns[header] = letter
        headers.append(header)
        positions.append((index, header))
    if problems:
        raise InputError(problems)
    table = Table(path, sheet, header_row, headers, columns)
    for number in range(header_row + 1, len(grid) + 1):
        row = grid[number - 1]
        values = {}
        for index, header in positions:
            if index < len(row):
                value = _plain(row[index])
                if value is not None:
                    values[header] = value
        if values:
            table.rows.append(Row(number, values))
    if not table.rows:
        raise InputError(Problem(f"表头（第 {header_row} 行）下面没有数据行。", name,
                                 hint="每个单位写一行；如果表头认错了，用 --header-row 指定表头行号。"))
    return table
