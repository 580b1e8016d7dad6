"""Share links: plain addresses of each service's own share form.

Pure module.  Each link carries the post's title and address and nothing
else: no tracking parameter, no script of the service's.  Mastodon has no
one address: the link goes to the instance ``blogposts_share_mastodon_instance``
names, or to the blog's own share page, which asks the reader for theirs.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

__all__ = ["SERVICES", "instance_ok", "share_url"]

#: the services, in the order the links are shown, with their labels
SERVICES: dict[str, str] = {
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "linkedin": "LinkedIn",
    "hackernews": "Hacker News",
    "email": "Email",
}
_INSTANCE_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+(?::[0-9]{1,5})?")


def instance_ok(value: object) -> bool:
    """Whether *value* is a host name such as ``mastodon.social``."""
    return isinstance(value, str) and bool(_INSTANCE_RE.fullmatch(value))


def share_url(service: str, title: str, url: str, *, mastodon_instance: str | None = None,
              mastodon_page: str | None = None) -> str | None:
    """The address that shares the page *url* titled *title* on *service*;
    for Mastodon without an instance, *mastodon_page* (the share page) with
    the text in its query.  ``None`` if there is nowhere to send it."""
    text = f"{title} {url}"
    if service == "mastodon":
        if mastodon_instance:
            return f"https://{mastodon_instance}/share?" + urlencode({"text": text}, quote_via=quote)
        return f"{mastodon_page}?" + urlencode({"text": text}, quote_via=quote) if mastodon_page else None
    if service == "bluesky":
        return "https://bsky.app/intent/compose?" + urlencode({"text": text}, quote_via=quote)
    if service == "linkedin":
        return "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}, quote_via=quote)
    if service == "hackernews":
        return "https://news.ycombinator.com/submitlink?" + urlencode({"u": url, "t": title}, quote_via=quote)
    if service == "email":
        return "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)
    return None
