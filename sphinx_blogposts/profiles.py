"""The blog's author profiles, loaded once per configuration
(``config-inited``): ``blogposts_authors_file``, then ``blogposts_authors``
over it (see :mod:`.core.authors` for their shape).

Each problem is a ``blogposts.author`` warning at the line of the file that
has it; an avatar that names a missing file is one too, and that profile
shows no picture.  A local avatar gets its place in the output here (named
after a digest of the file, so a new picture gets a new address); it is
copied there by :mod:`.write.avatars`.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .core.authors import Profile, Profiles, avatar_target, merge, read_profiles, with_avatars
from .core.frontmatter import FrontMatterError, load_yaml
from .log import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def load_profiles(app: Sphinx, config: Config) -> Profiles:
    srcdir = Path(app.srcdir)
    groups: list[list[Profile]] = []
    name = config.blogposts_authors_file
    conf_path = Path(app.confdir, "conf.py")
    if name:
        path = srcdir / name.strip()
        text = _read(path)
        if text is None:
            warn("author", f"blogposts_authors_file = {name!r}: no such UTF-8 file in the source folder; "
                 "no profiles read from it", f"{conf_path}:1")
        else:
            try:
                data = load_yaml(text)
            except FrontMatterError as exc:
                warn("author", f"the authors file cannot be read: {exc}", f"{path}:{exc.line}")
                data = None
            profiles, problems = read_profiles(data, str(path), text)
            for problem in problems:
                warn(problem.subtype, problem.message, f"{path}:{problem.line}")
            groups.append(profiles)
    if config.blogposts_authors:
        conf_text = _read(conf_path) or ""
        profiles, problems = read_profiles(config.blogposts_authors, str(conf_path), conf_text)
        for problem in problems:
            warn(problem.subtype, problem.message, f"{conf_path}:{problem.line}")
        groups.append(profiles)
    profiles = merge(*groups)
    root = config.blogposts_root.strip("/")

    def place(profile: Profile) -> str | None:
        source = srcdir / profile.avatar_source
        try:
            if not source.resolve().is_relative_to(srcdir.resolve()):
                raise OSError
            data = source.read_bytes()
        except OSError:
            warn("author", f"author {profile.key!r}: the avatar {profile.avatar_source!r} is not a file in "
                 f"the source folder ({os.fspath(srcdir)}); no picture shown", f"{profile.origin}:{profile.line}")
            return None
        return avatar_target(root, profile, hashlib.blake2b(data, digest_size=16).hexdigest())

    return with_avatars(profiles, place) if profiles else profiles
