"""Atomic file writes: a file is either absent, the old version, or complete.

Temporary files and folders are created with the modes a plain ``open()`` or ``mkdir``
would give them (0666 and 0777 less the umask), so what ends up in place is as readable
as any other file the user writes, not private like a ``tempfile`` default.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

#: Attempts at finding a free random name before giving up.
_ATTEMPTS = 100


def make_dir(parent: Path, prefix: str) -> Path:
    """Create a new folder ``parent/PREFIX<random>`` with mode 0777 less the umask."""
    for _ in range(_ATTEMPTS):
        path = Path(parent) / f"{prefix}{secrets.token_hex(4)}"
        try:
            os.mkdir(path, 0o777)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free temporary folder name in {parent}")


def _open_new(folder: Path, prefix: str, suffix: str) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_ATTEMPTS):
        path = folder / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary file name in {folder}")


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A crash or Ctrl-C part-way leaves no partial file at ``path``. The file gets the mode
    of a newly created file (0666 less the umask).
    """
    path = Path(path)
    fd, tmp = _open_new(path.parent, f".{path.name}.", ".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))
