# A blog with everything a page can show: sidebars, postlists, tags,
# categories and authors, a draft (published: false) and a file in _drafts/,
# a scheduled post, redirects from old Jekyll addresses, posts in a toctree
# (so single-document builders include them) and more than Sphinx's
# threshold of documents for reading and writing in parallel.
project = "Full blog"
author = "Site Author"
extensions = ["sphinx_blogposts"]
exclude_patterns = ["_build"]
html_baseurl = "https://example.org/full/"
html_static_path = ["_static"]
html_sidebars = {"**": ["blogposts/recent.html", "blogposts/tagcloud.html", "blogposts/archives.html", "searchbox.html"]}
blogposts_timezone = "Europe/Amsterdam"
blogposts_posts_per_page = 3
blogposts_jekyll_permalinks = "date"
latex_documents = [("index", "fullblog.tex", "Full blog", "Site Author", "manual")]
