project = "Basic blog"
extensions = ["sphinx_blogposts"]
exclude_patterns = ["_build"]
version = "1.0"
copyright = "2026, Test"
html_baseurl = "https://example.org/blog-site/"
