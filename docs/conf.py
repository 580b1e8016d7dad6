"""Documentation of sphinx-blogposts, built with the extension itself."""

import os
import sys
from pathlib import Path

# docs/_ext holds the extension that writes the reference pages from the code.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinx-blogposts"
author = "sphinx-blogposts developers"
copyright = "2026, sphinx-blogposts developers"
extensions = ["sphinx_blogposts", "blogposts_reference"]
html_theme = "furo"
html_title = "sphinx-blogposts"
exclude_patterns = ["_build"]

# The blog lives in blog/posts (one of the default blogposts_paths); its
# release notes are dated in the maintainers' timezone.
blogposts_timezone = "Europe/Amsterdam"
# Who writes it: the profiles its posts name (author: maintainers).
blogposts_authors_file = "blog/authors.yml"
# Absolute address for the feeds: on Read the Docs, each version's own
# address; elsewhere (local builds, CI) the latest version's.
html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL", "https://sphinx-blogposts.readthedocs.io/en/latest/"
)

# Link previews: every post gets a drawn card (Pillow, in requirements.txt)
# as its og:image and feed thumbnail; see howto/sharing.md.
blogposts_social_cards = True

# Furo's own sidebar, with the blog's recent posts and tags added on the blog
# pages (the blog's sidebar templates are in sphinx_blogposts/templates).
html_sidebars = {
    "blog/**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "blogposts/recent.html",
        "blogposts/tagcloud.html",
        "sidebar/ethical-ads.html",
        "sidebar/scroll-end.html",
        "sidebar/variant-selector.html",
    ],
}
