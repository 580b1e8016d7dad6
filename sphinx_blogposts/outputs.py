"""Generated files that an earlier build wrote and this one did not.

Pages and feeds for a tag that no longer exists must disappear: the files
each build generates are listed in ``.blogposts.json`` in the output folder,
and what the previous list has and the new one lacks is deleted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

STATE_FILE = ".blogposts.json"


def replace_generated(outdir: str | Path, kind: str, written: Iterable[Path], keep: Iterable[Path] = ()) -> None:
    """Record *written* as the files of *kind*; delete the stale ones.

    Paths in *keep* (files of the project's own documents) are never deleted.
    """
    outdir = Path(outdir).resolve()
    state_path = outdir / STATE_FILE
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        if not isinstance(state, dict):
            state = {}
    except (OSError, ValueError):
        state = {}
    now = sorted({Path(p).resolve().relative_to(outdir).as_posix() for p in written})
    protected = {Path(p).resolve() for p in keep}
    for name in sorted(set(state.get(kind, [])) - set(now)):
        target = (outdir / name).resolve()
        if target.is_relative_to(outdir) and target not in protected:
            target.unlink(missing_ok=True)
            _prune_empty_dirs(target.parent, outdir)
    state[kind] = now
    state_path.write_text(json.dumps(state, indent=0, sort_keys=True), encoding="utf-8")


def _prune_empty_dirs(folder: Path, outdir: Path) -> None:
    while folder != outdir and folder.is_relative_to(outdir):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
