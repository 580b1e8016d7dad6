project = "Feeds blog"
author = "Site Author"
extensions = ["sphinx_blogposts"]
exclude_patterns = ["_build"]
html_baseurl = "https://example.org/site/"
# dates without an offset are read in this zone; the machine's TZ must not matter
blogposts_timezone = "Europe/Amsterdam"
html_static_path = ["_static"]
