"""Generated files (blog pages, feeds, redirects): written when changed,
removed when stale, replaced atomically.

The files each build generates are recorded in ``.blogposts.json`` in the
output folder, each with a fingerprint of everything it was made from.  A
file whose fingerprint is unchanged and that is still on disk is not made
again, so a rebuild after a small edit touches only the pages and feeds that
show the edited post.  Files of an earlier build that this build did not
generate (a tag that no longer exists) are deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

STATE_FILE = ".blogposts.json"
#: bump to make every generated file be written again after an upgrade
STATE_VERSION = 1


def fingerprint(*parts: object) -> str:
    """A stable digest of plain data (tuples, strings, numbers, dates)."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class GeneratedFiles:
    """The generated files of one kind (``"pages:html"``, ``"feeds"``...)."""

    def __init__(self, outdir: str | Path, kind: str) -> None:
        self.outdir = Path(outdir).resolve()
        self._prefix = os.path.join(str(self.outdir), "")
        self.kind = kind
        self._state = self._load()
        self._before: dict[str, str] = self._state.get(kind, {})
        self._now: dict[str, str] = {}

    def _load(self) -> dict:
        try:
            state = json.loads((self.outdir / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            return {}
        return {k: v for k, v in state.items() if isinstance(v, dict)}

    def _name(self, path: Path | str) -> str:
        # Paths come from the builder, under the output folder: a string test
        # saves resolving each of thousands of them.
        absolute = os.path.abspath(path)
        if absolute.startswith(self._prefix):
            return absolute[len(self._prefix):].replace(os.sep, "/")
        return Path(path).resolve().relative_to(self.outdir).as_posix()

    @property
    def previous(self) -> dict[str, str]:
        """The files of this kind the last build generated: name -> fingerprint."""
        return self._before

    def up_to_date(self, path: Path, digest: str) -> bool:
        """Record *path*; true if it exists as made from the same inputs."""
        name = self._name(path)
        self._now[name] = digest
        return self._before.get(name) == digest and (self.outdir / name).is_file()

    def finish(self, keep: Iterable[Path] = ()) -> None:
        """Delete files of earlier builds not generated now; save the record.

        Paths in *keep* (pages of the project's own documents) are never deleted.
        """
        stale = sorted(self._before.keys() - self._now.keys())
        if not stale and self._now == self._before:
            return  # nothing to record: a rebuild that changed nothing writes nothing
        protected = {Path(p).resolve() for p in keep} if stale else set()
        for name in stale:
            target = (self.outdir / name).resolve()
            if target.is_relative_to(self.outdir) and target not in protected:
                target.unlink(missing_ok=True)
                _prune_empty_dirs(target.parent, self.outdir)
        state = self._load()
        state[self.kind] = dict(sorted(self._now.items()))
        state["version"] = STATE_VERSION
        (self.outdir / STATE_FILE).write_text(json.dumps(state, indent=0, sort_keys=True), encoding="utf-8")


def _prune_empty_dirs(folder: Path, outdir: Path) -> None:
    while folder != outdir and folder.is_relative_to(outdir):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def write_atomic(path: Path, data: bytes) -> bool:
    """Write *data* to *path* through a temporary file and a rename.

    Readers never see a half-written file.  Returns ``False``, leaving the
    file (and its mtime) alone, when it already holds exactly *data*.
    """
    path = Path(path)
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    while True:
        temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            # opened by hand, not with tempfile: its files are 0600, and the
            # feed must get the usual permissions (0666 minus the umask)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    return True
