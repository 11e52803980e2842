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


def _naming(error: OSError, wanted: Path) -> OSError:
    """``error`` (from a temporary file or folder) as an error of the same type about
    ``wanted``, the path the caller asked for: the hidden temporary name means nothing to
    them. A missing folder is said to be one."""
    reason = error.strerror or str(error)
    if isinstance(error, FileNotFoundError) and not wanted.parent.is_dir():
        reason = f"{reason} (the folder {wanted.parent} does not exist)"
    return type(error)(error.errno, f"cannot write {wanted}: {reason}", os.fspath(wanted))


def make_dir(parent: Path, prefix: str, wanted: Path | None = None) -> Path:
    """Create a new folder ``parent/PREFIX<random>`` with mode 0777 less the umask.

    An error other than a taken name is raised about ``wanted`` (the folder the new one is
    for) when given, not about the temporary name."""
    for _ in range(_ATTEMPTS):
        path = Path(parent) / f"{prefix}{secrets.token_hex(4)}"
        try:
            os.mkdir(path, 0o777)
        except FileExistsError:
            continue
        except OSError as e:
            if wanted is None:
                raise
            raise _naming(e, Path(wanted)) from e
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
    try:
        fd, tmp = _open_new(path.parent, f".{path.name}.", ".tmp")
    except FileExistsError:
        raise
    except OSError as e:
        raise _naming(e, path) from e
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
