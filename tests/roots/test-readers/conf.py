project = "Readers"
extensions = ["sphinx_blogposts"]
exclude_patterns = ["_build"]
copyright = "2026, Test"
html_baseurl = "https://example.org/readers/"
blogposts_posts_per_page = 5
blogposts_authors_file = "authors.yml"
blogposts_authors = {
    "bob": {"name": "Bob Builder", "url": "https://bob.example/", "github": "bob-builds", "bio": "Builds **things**."},
}
blogposts_comments = {
    "provider": "giscus",
    "repo": "example/readers",
    "repo_id": "R_kgDOExample",
    "category": "Comments",
    "category_id": "DIC_kwDOExample",
}
blogposts_share = ["mastodon", "bluesky", "linkedin", "hackernews", "email"]
blogposts_webmention_endpoint = "https://webmention.io/example.org/webmention"
blogposts_pingback_endpoint = "https://webmention.io/example.org/xmlrpc"
