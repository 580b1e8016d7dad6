project = "Moved blog"
extensions = ["sphinx_blogposts"]
exclude_patterns = ["_build"]
html_baseurl = "https://example.org/"
blogposts_jekyll_site = {"url": "https://old-host.example"}
