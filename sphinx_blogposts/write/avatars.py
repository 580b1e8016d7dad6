"""The authors' pictures that are files in the source folder, copied into
the output (``<root>/_avatars/``) by the builders that write the blog's
pages, on ``html-collect-pages``.  Each is named after a digest of the file
(see :mod:`..profiles`), copied only when missing or changed, and removed
when no profile names it any more."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..log import logger
from .generated import GeneratedFiles, write_atomic

if TYPE_CHECKING:
    from ..context import BuildContext


def copy_avatars(context: BuildContext) -> None:
    outdir = Path(context.builder.outdir)
    generated = GeneratedFiles(outdir, "avatars")
    for profile in context.cfg.profiles.profiles:
        if not profile.avatar_path or not profile.avatar_source:
            continue
        target = outdir / profile.avatar_path
        # the file name holds the digest of its bytes: same name, same picture
        if generated.up_to_date(target, profile.avatar_path):
            continue
        try:
            data = Path(context.env.srcdir, profile.avatar_source).read_bytes()
        except OSError as exc:  # warned about when the profiles were read
            logger.info("[blogposts] avatar of %s not copied: %s", profile.key, exc)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    generated.finish()
