project = "Listing blog"
extensions = ["sphinx_blogposts"]
exclude_patterns = ["_build"]
blogposts_posts_per_page = 3
version = "1.0"
copyright = "2026, Test"
html_sidebars = {"**": ["blogposts/recent.html", "blogposts/tagcloud.html", "blogposts/archives.html", "searchbox.html"]}
html_baseurl = "https://example.org/blog-site/"
