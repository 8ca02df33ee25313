"""Reading writers' text files and writing outputs without ever losing a file.

Outline and snippet files come from Notepad, WPS and editors on Chinese Windows: UTF-8 with
or without a BOM, or GB18030 (what Notepad wrote for years). Outputs go to a temporary file in
the target folder and are renamed into place, so a failed run never leaves half a .docx.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from drafter.errors import InputError, OutputError, Problem


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_SAVE_AS_UTF8 = "请用记事本“另存为”，编码选“UTF-8”。"


def decode_bytes(data: bytes, name: str, binary_hint: str | None = None) -> tuple[str, str, bytes]:
    """(text, encoding, BOM) of a writer's file: a BOM wins (UTF-8 or the UTF-16 that Notepad
    calls "Unicode"), else UTF-8, else GB18030. Line ends are left as they are."""
    bom, encoding, body = b"", "utf-8", data
    for mark, name_of_encoding in _BOMS:
        if data.startswith(mark):
            bom, encoding, body = mark, name_of_encoding, data[len(mark):]
            break
    if encoding == "utf-8" and b"\x00" in body:
        raise InputError(Problem("这不是文本文件（里面有二进制内容）。", name,
                                 hint=binary_hint or "请确认选对了文件；提纲应是用记事本或 WPS 保存的 .toml 文本。"))
    try:
        return body.decode(encoding), encoding, bom
    except UnicodeDecodeError:
        if encoding == "utf-8":
            try:
                return body.decode("gb18030"), "gb18030", bom
            except UnicodeDecodeError:
                pass
    raise InputError(Problem("无法识别文件的文字编码。", name, hint=_SAVE_AS_UTF8))


def decode_text(data: bytes, name: str) -> str:
    """A writer's text file as text with "\n" line ends (see decode_bytes)."""
    text = decode_bytes(data, name)[0]
    if "\r" not in text:  # most files: one scan instead of two replacing passes
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, what: str = "文件") -> str:
    """Read a user's text file, with a Chinese message for every way it can fail."""
    name = str(path)
    try:  # read first, ask why only when it fails: the usual read costs no extra checks
        data = path.read_bytes()
    except OSError as exc:
        if not path.exists():
            raise InputError(Problem(f"找不到{what}。", name, hint="请检查文件名和所在文件夹是否写对。")) from None
        if path.is_dir():
            raise InputError(Problem(f"这是一个文件夹，不是{what}。", name)) from None
        raise InputError(Problem(f"无法读取{what}：{exc.strerror or exc}。", name,
                                 hint="请确认文件没有被其他程序独占，并且有读取权限。")) from None
    return decode_text(data, name)


def _umask() -> int:
    # Read once, at import, while drafter is still single-threaded (os.umask can only be read
    # by setting it).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp creates 0600 files; a draft should get the permissions any new file gets here.
_NEW_FILE_MODE = 0o666 & ~_umask()


def ensure_folder(folder: Path) -> None:
    """Create an output folder (and its parents), or say in Chinese why it cannot be."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(Problem("输出位置是一个文件，不是文件夹。", str(folder), hint="换一个输出位置。"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(Problem("无法创建输出文件夹：路径中有同名的文件。", str(folder),
                                  hint="换一个输出位置，或把挡路的同名文件改名。")) from None
    except OSError as exc:
        raise OutputError(Problem(f"无法创建输出文件夹：{exc.strerror or exc}。", str(folder))) from None


def write_atomic(path: Path, data: bytes | Iterable[bytes], *, force: bool = False) -> None:
    """Write ``data`` (bytes, or chunks of them) to ``path`` through a temporary file in the
    same folder and a rename.

    Refuses to replace an existing file unless ``force``; a file held open by Word or WPS
    (Windows refuses the rename) gets its own message. The temporary file never survives.
    """
    if path.is_dir():
        raise OutputError(Problem("输出位置是一个文件夹。", str(path), hint="请在 -o 后写文件名。"))
    if path.exists() and not force:
        raise OutputError(Problem("输出文件已经存在，没有覆盖。", str(path),
                                  hint="换一个输出文件名（-o），或加 --force 覆盖它。"))
    folder = path.parent
    ensure_folder(folder)
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".~drafter-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, (bytes, bytearray)):
                fh.write(data)
            else:
                fh.writelines(data)
        os.chmod(tmp_name, _NEW_FILE_MODE)
        os.replace(tmp_name, path)
        tmp_name = None
    except PermissionError:
        raise OutputError(Problem("文件正被 Word/WPS 打开，或没有写入权限，请关闭后重试。", str(path),
                                  hint="关闭打开着这个文件的 Word 或 WPS 窗口后再运行。")) from None
    except OSError as exc:
        raise OutputError(Problem(f"无法写入输出文件：{exc.strerror or exc}。", str(path))) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
