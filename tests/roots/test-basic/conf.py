project = "Basic blog"
extensions = ["sphinx_blogposts"]
exclude_patterns = ["_build"]
