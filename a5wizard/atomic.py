"""Writing files so that a crash at any moment leaves the old or the new
version, never a partial one, readable by the owner only."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

OWNER_ONLY = 0o600


def ensure_private_dir(folder: Path) -> None:
    """Create a folder (and parents) readable by the owner only when new."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)


def write_atomic(path: Path, data: str | bytes, *, backup: bool = False) -> None:
    """Replace path with data via temporary file, fsync and rename (mode 0600)."""
    ensure_private_dir(path.parent)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    tmp = Path(tmp_name)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, OWNER_ONLY)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if backup and path.exists():
            _copy_backup(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def _copy_backup(path: Path) -> None:
    """Keep the current version as <name>.bak, itself written atomically."""
    backup = path.with_name(path.name + ".bak")
    write_atomic(backup, path.read_bytes())


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable where the platform allows it."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Serialise writers of path with an exclusive lock on <name>.lock."""
    ensure_private_dir(path.parent)
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, OWNER_ONLY)
    try:
        _lock(fd)
        yield
    finally:
        os.close(fd)


def _lock(fd: int) -> None:
    """Block until this process holds the lock on fd."""
    if os.name == "posix":
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
    else:  # pragma: no cover - Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
