"""Documentation of sphinx-blogposts, built with the extension itself."""

project = "sphinx-blogposts"
author = "sphinx-blogposts developers"
copyright = "2026, sphinx-blogposts developers"
extensions = ["sphinx_blogposts"]
html_theme = "furo"
html_title = "sphinx-blogposts"
exclude_patterns = ["_build"]

# The blog lives in blog/posts (one of the default blogposts_paths).
blogposts_timezone = "Europe/Amsterdam"
# The example post from a Dutch blog carries no date on purpose, to show how
# undated posts are handled; its warning is expected here.
suppress_warnings = ["blogposts.date"]
# Absolute address for the feeds; on Read the Docs, READTHEDOCS_CANONICAL_URL
# is used when this is not set.
html_baseurl = "https://sphinx-blogposts.readthedocs.io/en/latest/"
