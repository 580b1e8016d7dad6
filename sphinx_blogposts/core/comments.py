"""Comment providers (giscus, utterances, Disqus) and their settings.

Pure module.  ``blogposts_comments`` is a mapping with ``provider`` and the
provider's own settings, named as its documentation names them; ``repo_id``,
``repoId`` and ``data-repo-id`` are one setting.  :func:`comment_settings`
checks them once, at configuration time: a required setting missing, an
unknown provider or setting, or a value that is not text, a number or
true/false is one problem, and comments stay off.

Every value ends up in an HTML attribute (escaped) and, through the
extension's own script, in an attribute of the provider's ``<script>``:
setting names are checked against the provider's list, so no setting can
become ``src`` or an event handler.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["PROVIDERS", "CommentSettings", "Provider", "comment_settings"]


@dataclass(frozen=True)
class Provider:
    name: str
    #: the provider's script (``{shortname}`` is filled in for Disqus)
    script: str
    #: what the provider's script reads its settings from: ``data-`` attributes or plain ones
    prefix: str
    #: every setting the provider knows, with a pattern for those that need one
    settings: Mapping[str, str | None]
    required: tuple[str, ...]
    defaults: Mapping[str, str]
    #: the provider's (light, dark) theme names, when it can follow the page's
    themes: tuple[str, str] | None
    #: what to tell a site owner who lacks a required setting
    hint: str


PROVIDERS: dict[str, Provider] = {
    provider.name: provider
    for provider in (
        Provider(
            "giscus",
            "https://giscus.app/client.js",
            "data-",
            {
                "repo": r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+",
                "repo-id": r"[A-Za-z0-9_=-]+",
                "category": None,
                "category-id": r"[A-Za-z0-9_=-]+",
                "mapping": r"pathname|url|title|og:title|specific|number",
                "term": None,
                "strict": r"[01]",
                "reactions-enabled": r"[01]",
                "emit-metadata": r"[01]",
                "input-position": r"top|bottom",
                "theme": r"[A-Za-z0-9_.:/-]+",
                "lang": r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*",
                "loading": r"lazy|eager",
            },
            ("repo", "repo-id", "category", "category-id"),
            {"mapping": "pathname", "strict": "0", "reactions-enabled": "1", "emit-metadata": "0",
             "input-position": "bottom", "loading": "lazy"},
            ("light", "dark"),
            "giscus.app shows the repository's and the category's ids once you enter the repository there",
        ),
        Provider(
            "utterances",
            "https://utteranc.es/client.js",
            "",
            {
                "repo": r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+",
                "issue-term": None,
                "issue-number": r"[0-9]+",
                "label": None,
                "theme": r"[A-Za-z0-9_-]+",
            },
            ("repo",),
            {"issue-term": "pathname"},
            ("github-light", "github-dark"),
            "the repository is written as owner/name, with the utterances app installed on it",
        ),
        Provider(
            "disqus",
            "https://{shortname}.disqus.com/embed.js",
            "",
            {"shortname": r"[A-Za-z0-9-]{1,64}"},
            ("shortname",),
            {},
            None,
            "the shortname is the one Disqus shows in the site's admin settings",
        ),
    )
}


@dataclass(frozen=True)
class CommentSettings:
    """A checked ``blogposts_comments``."""

    provider: str
    script_url: str
    prefix: str
    #: the provider's settings, by the name its script reads (without ``data-``)
    settings: tuple[tuple[str, str], ...]
    #: (light, dark) theme names when the comments follow the page's theme
    themes: tuple[str, str] | None


_NAME_RE = re.compile(r"[a-z][a-z0-9-]{0,40}")
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")


def _setting_name(key: object) -> str:
    """``repoId``, ``repo_id``, ``data-repo-id`` -> ``repo-id``."""
    text = re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", str(key)).lower().replace("_", "-").strip()
    return text[5:] if text.startswith("data-") else text


def _setting_value(value: object) -> str | None:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, str)):
        text = str(value).strip()
        return text if text and not _CONTROL_RE.search(text) else None
    return None


def comment_settings(value: object) -> tuple[CommentSettings | None, str | None]:
    """``(settings, None)``, or ``(None, None)`` when comments are off (an
    empty mapping), or ``(None, problem)`` when *value* cannot be used."""
    if value is None or (isinstance(value, Mapping) and not value):
        return None, None
    if not isinstance(value, Mapping):
        return None, "a mapping with 'provider' and the provider's settings expected"
    given = {_setting_name(k): v for k, v in value.items()}
    name = given.pop("provider", None)
    if not isinstance(name, str) or name.strip().lower() not in PROVIDERS:
        return None, f"unknown comment provider {name!r}: 'giscus', 'utterances' or 'disqus' expected"
    provider = PROVIDERS[name.strip().lower()]
    settings = dict(provider.defaults)
    for key, raw in given.items():
        if key not in provider.settings:
            known = ", ".join(sorted(provider.settings))
            return None, f"{provider.name} has no setting {key!r} (it has: {known})"
        text = _setting_value(raw)
        pattern = provider.settings[key]
        if text is None or (pattern is not None and not re.fullmatch(pattern, text)):
            return None, f"{provider.name} setting {key!r} cannot be {raw!r}"
        settings[key] = text
    missing = [key for key in provider.required if key not in settings]
    if missing:
        names = " and ".join(repr(k) for k in missing)
        return None, f"{provider.name} needs {names} ({provider.hint})"
    script = provider.script.format(shortname=settings.get("shortname", ""))
    themes = provider.themes if "theme" not in settings else None
    if provider.name == "disqus":
        settings = {}
    return CommentSettings(provider.name, script, provider.prefix, tuple(sorted(settings.items())), themes), None
