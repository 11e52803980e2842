"""Report folders: written all or nothing, recognised by their manifest, replaced safely.

Every folder this library writes (a report, a sweep report) holds :data:`MANIFEST`, a small
JSON file listing the files it wrote. The rules for a destination folder:

* missing: it is created (with its parents, which a failed write removes again);
* empty: it is used;
* holding an earlier report (a valid manifest) and nothing else: it is refused unless
  ``overwrite``, and then only the files that manifest lists are replaced or removed;
* anything else (no manifest, an unreadable one, or files and folders the manifest does not
  list): it is refused, ``overwrite`` or not, and left untouched.

The new files are first written into a staging folder (beside a missing destination, or
hidden inside an existing one); only once all of them are complete are they moved into
place by renames, the manifest last. An error or Ctrl-C before or during the moves puts the
earlier report back and removes the staging folder.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._atomic import make_dir
from ._validate import flag

__all__ = ["MANIFEST", "check_destination", "write_folder"]

#: The manifest's file name.
MANIFEST = "manifest.json"
#: What the manifest's ``library`` field holds.
LIBRARY = "repave-cost"
#: Larger files are not read as manifests.
_MAX_MANIFEST_BYTES = 1_000_000
#: Prefix of the staging folder inside an existing destination.
_STAGING = ".repave-cost-staging-"


def _version() -> str:
    from . import __version__

    return __version__


def _names(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(sorted(items)[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _manifest_files(folder: Path) -> list[str] | None:
    """The file names listed by ``folder``'s manifest, or ``None`` when it is not valid."""
    path = folder / MANIFEST
    try:
        if not path.is_file() or path.stat().st_size > _MAX_MANIFEST_BYTES:
            return None
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("library") != LIBRARY:
        return None
    files = data.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    for name in files:
        if name in ("", ".", "..", MANIFEST) or "/" in name or "\\" in name or "\0" in name:
            return None
    return list(files)


def _earlier_report(target: Path, overwrite: bool) -> list[str]:
    """The files of the earlier report in existing folder ``target`` (manifest first), or
    ``[]`` for an empty folder; raises when the folder may not be written into."""
    entries = sorted(p.name for p in target.iterdir())
    if not entries:
        return []
    listed = _manifest_files(target)
    if listed is None:
        why = (
            f"its {MANIFEST} is not a valid repave-cost manifest"
            if MANIFEST in entries
            else f"it has no {MANIFEST}"
        )
        raise FileExistsError(
            f"{target} is not empty and is not an earlier repave-cost report ({why}); such a "
            "folder is never written into, with or without overwrite: choose a new or empty "
            "folder"
        )
    known = set(listed)
    foreign = [
        name
        for name in entries
        if name != MANIFEST and (name not in known or (target / name).is_dir())
    ]
    if foreign:
        raise FileExistsError(
            f"{target} holds an earlier report and {len(foreign)} item(s) it did not write "
            f"({_names(foreign)}); such a folder is never written into, with or without "
            "overwrite: move them away or choose another folder"
        )
    if not overwrite:
        raise FileExistsError(
            f"{target} holds an earlier report; choose a new folder or pass overwrite=True "
            "(--overwrite) to replace it"
        )
    return [MANIFEST] + [name for name in entries if name != MANIFEST]


def _absolute(out_dir: str | os.PathLike[str]) -> Path:
    return Path(os.path.abspath(os.fspath(out_dir)))


def _check_creatable(target: Path) -> None:
    """Raise unless the missing folder ``target`` can be created."""
    ancestor = target.parent
    while not ancestor.exists():
        if ancestor.is_symlink():  # a dangling link
            raise FileExistsError(f"cannot create {target}: {ancestor} is a broken link")
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise FileExistsError(f"cannot create {target}: {ancestor} is a file, not a folder")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise PermissionError(f"cannot create {target}: {ancestor} is not writable")


def check_destination(out_dir: str | os.PathLike[str], overwrite: bool = False) -> Path:
    """Check, without writing anything, that a report can be written to ``out_dir``.

    Returns the folder's absolute path. Raises :class:`FileExistsError` for a folder that
    must not be written into (see the module's rules) and :class:`PermissionError` for one
    that cannot be.
    """
    overwrite = flag("overwrite", overwrite)
    target = _absolute(out_dir)
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise FileExistsError(f"{target} exists and is not a folder")
        _earlier_report(target, overwrite)
        if not os.access(target, os.W_OK | os.X_OK):
            raise PermissionError(f"cannot write into {target}: permission denied")
    else:
        _check_creatable(target)
    return target


def _write_manifest(folder: Path, kind: str) -> None:
    files = sorted(p.name for p in folder.iterdir())
    subfolders = [name for name in files if (folder / name).is_dir()]
    if subfolders or MANIFEST in files:
        raise ValueError(f"a report folder holds plain files only, got {_names(subfolders)}")
    manifest = {"library": LIBRARY, "version": _version(), "kind": kind, "files": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def write_folder(
    out_dir: str | os.PathLike[str],
    fill: Callable[[Path], None],
    overwrite: bool = False,
    kind: str = "report",
) -> Path:
    """Create or replace the report folder ``out_dir`` with the files ``fill(folder)``
    writes, all or nothing, and return the folder's path as given.

    ``fill`` writes plain files into a staging folder; the manifest is added to them, and
    they are moved into place only once complete. See the module's docstring for which
    folders are accepted. Raises :class:`FileExistsError` or :class:`PermissionError` for a
    folder that may or can not be written (nothing is written then).
    """
    target = check_destination(out_dir, overwrite)
    if not target.exists():
        created = _make_parents(target)
        try:
            work = make_dir(target.parent, f".{target.name}.", target)
            try:
                new = work / "new"
                os.mkdir(new, 0o777)
                fill(new)
                _write_manifest(new, kind)
                os.replace(new, target)
            finally:
                shutil.rmtree(work, ignore_errors=True)
        except BaseException:
            _remove_empty(created)
            raise
        return Path(out_dir)
    old_files = _earlier_report(target, overwrite)
    work = make_dir(target, _STAGING, target)
    try:
        new, old = work / "new", work / "old"
        os.mkdir(new, 0o777)
        os.mkdir(old, 0o777)
        fill(new)
        _write_manifest(new, kind)
        new_files = sorted(p.name for p in new.iterdir() if p.name != MANIFEST) + [MANIFEST]
        _swap(target, new, old, old_files, new_files)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Path(out_dir)


def _make_parents(target: Path) -> list[Path]:
    """Create the missing folders above ``target``; return them, deepest first."""
    missing = [p for p in target.parents if not p.exists()]
    target.parent.mkdir(parents=True, exist_ok=True)
    return missing


def _remove_empty(folders: list[Path]) -> None:
    """Remove each of ``folders`` (deepest first) that is still empty: what a failed write
    created above its destination, so that it leaves nothing behind."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _swap(target: Path, new: Path, old: Path, old_files: list[str], new_files: list[str]) -> None:
    """Move ``old_files`` (manifest first) out of ``target`` into ``old``, then
    ``new_files`` (manifest last) in from ``new``; on any error move everything back."""
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        for name in old_files:
            if (target / name).exists() or (target / name).is_symlink():
                os.replace(target / name, old / name)
                moved_out.append(name)
        for name in new_files:
            os.replace(new / name, target / name)
            moved_in.append(name)
    except BaseException:
        for name in reversed(moved_in):
            _try_replace(target / name, new / name)
        for name in reversed(moved_out):
            _try_replace(old / name, target / name)
        raise


def _try_replace(src: Path, dst: Path) -> None:
    try:
        os.replace(src, dst)
    except OSError:  # pragma: no cover - best effort while already failing
        pass
