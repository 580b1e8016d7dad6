"""The generated blog pages in a real browser, under alabaster and furo.

A headless Chromium opens the blog index of a built site served over HTTP,
follows a "Read more" link, a tag link and the link to page 2, and checks
where each one lands; on the readers' root it walks a series through its
box, and scrolls to the comments, whose provider (giscus) is a stub served
in place of giscus.app, so the network is never reached.  No page may log a
console error, raise a script error or fail to load a resource.  Full-page
screenshots of the index and of a post (avatar, series box, related posts)
under each theme are written to ``build/screenshots/`` for looking at (CI
keeps them).

The sharing metadata is opened too: a post whose title, description, tag
and author are script and markup injections (and a U+2028) opens no dialog
and logs no error, and its JSON-LD is the data its front matter gave.  Two
social cards (a long Dutch title; a Chinese one drawn with Noto Sans CJK)
are kept side by side as ``build/screenshots/social-cards.png``.

Needs Chromium at /usr/bin/chromium (Debian's ``chromium`` package) and the
``playwright`` package; without either the tests are skipped.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOTS, run_build

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"

# Furo's own sidebar with the blog's added, as docs/howto/themes.md shows.
FURO_SIDEBARS = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "blogposts/recent.html",
        "blogposts/tagcloud.html",
        "sidebar/scroll-end.html",
    ],
}
THEMES = {
    "alabaster": {"html_theme": "alabaster"},
    "furo": {"html_theme": "furo", "html_sidebars": FURO_SIDEBARS},
}


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module", params=list(THEMES))
def site(request, browser, tmp_path_factory):
    """The test-listing root built with one theme and served on a free local port."""
    theme = request.param
    if theme == "furo":
        pytest.importorskip("furo", reason="the furo theme is not installed")
    srcdir = tmp_path_factory.mktemp(f"browser-{theme}") / "src"
    shutil.copytree(ROOTS / "test-listing", srcdir)
    built = run_build(srcdir, confoverrides=THEMES[theme])
    # The root's one expected warning: two tags whose names differ only in a space.
    assert [w for w in built.warnings if "[blogposts.slug]" not in w] == []
    with served(built.outdir) as base:
        yield theme, base


@pytest.fixture
def page(browser):
    """A fresh page that records every console error, script error and failed request."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []

    def on_console(msg):
        # The browser asks for /favicon.ico by itself when a page names no icon;
        # the site has none, and that is not the page's error.
        if msg.type == "error" and path_of(msg.location.get("url", "")) != "/favicon.ico":
            problems.append(f"console {msg.type}: {msg.text} at {msg.location.get('url')}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} ({req.failure})"))
    page.on("response", lambda resp: problems.append(f"HTTP {resp.status}: {resp.url}")
            if resp.status >= 400 else None)
    page.problems = problems
    try:
        yield page
    finally:
        context.close()


def path_of(url: str) -> str:
    return unquote(urlsplit(url).path)


def follow(page, selector: str) -> str:
    """Click the first element matching *selector*; return the href it had."""
    link = page.locator(selector).first
    href = link.get_attribute("href")
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state("load")
    return href


def heading(page) -> str:
    return page.locator("h1").first.inner_text().strip().rstrip("#¶ \n")


def test_index_links_lead_to_the_right_pages(site, page):
    theme, base = site
    page.goto(base + "blog/index.html")
    assert heading(page) == "Blog"
    assert page.title().startswith("Blog")
    titles = [t.strip() for t in page.locator("article.blogposts-entry .blogposts-entry-title a").all_inner_texts()]
    assert titles == ["Kappa", "Iota", "Theta"]
    assert page.locator(".blogposts-page-number").inner_text() == "Page 1 of 4"
    # The page is laid out: entries are visible, and the theme's stylesheet applied.
    assert page.locator("article.blogposts-entry").first.is_visible()
    assert page.locator(".blogposts-read-more a").first.is_visible()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"index-{theme}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    # "Read more" on the newest entry opens that post.
    follow(page, "article.blogposts-entry >> nth=0 >> .blogposts-read-more a")
    assert path_of(page.url) == "/_posts/2021-03-03-kappa.html"
    assert heading(page) == "Kappa"
    assert page.title().startswith("Kappa")

    # A tag link opens that tag's page, which lists the post.
    page.goto(base + "blog/index.html")
    iota_tags = page.locator("article.blogposts-entry", has_text="Iota").locator("a.blogpost-tag")
    tag_name = iota_tags.first.inner_text().strip()
    with page.expect_navigation():
        iota_tags.first.click()
    page.wait_for_load_state("load")
    assert path_of(page.url).startswith("/blog/tag/")
    assert heading(page) == f"Posts tagged “{tag_name}”"
    listed = [t.strip() for t in page.locator(".blogposts-entry-title a").all_inner_texts()]
    assert "Iota" in listed

    # "Older posts" leads to page 2 and its next three posts.
    page.goto(base + "blog/index.html")
    follow(page, ".blogposts-pagination a[rel=next]")
    assert path_of(page.url) == "/blog/page/2.html"
    assert heading(page) == "Blog (page 2 of 4)"
    assert page.locator(".blogposts-page-number").inner_text() == "Page 2 of 4"
    titles = [t.strip() for t in page.locator("article.blogposts-entry .blogposts-entry-title a").all_inner_texts()]
    assert titles == ["Eta", "Zeta in reST", "Epsilon"]
    # and back again
    follow(page, ".blogposts-pagination a[rel=prev]")
    assert path_of(page.url) == "/blog/index.html"

    assert page.problems == []


# -- sharing metadata and social cards ----------------------------------------------

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
SCRIPT = "</script><script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
LINE = "a\u2028b"
EVIL = (
    "---\n"
    f"title: {json.dumps(SCRIPT + ' ' + LINE)}\n"
    f"description: {json.dumps(IMG + ' ' + SCRIPT)}\n"
    f"tags: [{json.dumps(SCRIPT)}, {json.dumps(IMG)}]\n"
    f"author: {json.dumps(IMG)}\n"
    "---\nBody of the evil post.\n"
)
DUTCH = ("---\ntitle: Waarom de gemeentelijke digitaliseringsstrategie van Amsterdam-Noord een "
         "verkeersregelinstallatiebeheersysteem en heel veel geduld nodig heeft\nlang: nl\n"
         "author: [Jan de Vries, Marieke Jansen]\n---\nTekst.\n")
CHINESE = "---\ntitle: 在静态网站生成器里写博客：一个关于中文标题换行的长例子\nlang: zh_CN\nauthor: 张伟\n---\n正文。\n"


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """*folder* served on a free local port, while in the block: its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def sharing_site(tmp_path_factory):
    pytest.importorskip("PIL")
    srcdir = tmp_path_factory.mktemp("sharing-browser") / "src"
    shutil.copytree(ROOTS / "test-seo", srcdir)
    (srcdir / "_posts/2021-10-01-evil.md").write_text(EVIL, encoding="utf-8")
    (srcdir / "_posts/2021-10-02-dutch-card.md").write_text(DUTCH, encoding="utf-8")
    (srcdir / "_posts/2021-10-03-chinese-card.md").write_text(CHINESE, encoding="utf-8")
    built = run_build(srcdir, confoverrides={
        "blogposts_social_cards": True,
        "blogposts_social_cards_font": str(CJK_FONT) if CJK_FONT.is_file() else None,
    })
    with served(built.outdir) as base:
        yield built, base


# the readers' root also under a PyData theme, whose colour switch the comments follow
# (without a default mode, the theme itself logs an error in a browser that never chose one)
READERS_THEMES = {**THEMES, "pydata": {"html_theme": "pydata_sphinx_theme",
                                       "html_context": {"default_mode": "auto"}}}


@pytest.fixture(scope="module", params=list(READERS_THEMES))
def readers_site(request, browser, tmp_path_factory):
    """The test-readers root built with one theme and served on a free local port."""
    theme = request.param
    if theme in ("furo", "pydata"):
        pytest.importorskip({"furo": "furo", "pydata": "pydata_sphinx_theme"}[theme],
                            reason=f"the {theme} theme is not installed")
    srcdir = tmp_path_factory.mktemp(f"readers-{theme}") / "src"
    shutil.copytree(ROOTS / "test-readers", srcdir)
    built = run_build(srcdir, confoverrides=READERS_THEMES[theme])
    assert built.warnings == []
    with served(built.outdir) as base:
        yield theme, base


def test_injected_metadata_runs_nothing(sharing_site, page):
    built, base = sharing_site
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("_posts/2021-10-01-evil.html", "blog/index.html", "blog/author/index.html"):
        page.goto(base + path)
        # the favicon is fetched after "load": leaving earlier aborts it
        page.wait_for_load_state("networkidle")
    page.goto(base + "_posts/2021-10-01-evil.html")
    data = page.evaluate(
        "() => [...document.querySelectorAll('script[type=\"application/ld+json\"]')].map(s => JSON.parse(s.textContent))")
    assert len(data) == 1
    assert data[0]["headline"] == SCRIPT + " " + LINE
    assert data[0]["keywords"] == [SCRIPT, IMG]
    assert data[0]["author"][0]["name"] == IMG
    # the attributes hold the text, and the browser made no element of it
    og_title = page.locator('meta[property="og:title"]').get_attribute("content")
    assert og_title == SCRIPT + " " + LINE
    assert page.locator('meta[name="description"]').get_attribute("content").startswith(IMG)
    assert page.locator("img[onerror]").count() == 0
    # every inline script of the page is data; code comes only from files
    inline = page.evaluate("() => [...document.scripts].filter(s => !s.src).map(s => s.type)")
    assert set(inline) <= {"application/ld+json", ""}
    assert not [t for t in page.evaluate(
        "() => [...document.scripts].filter(s => !s.src && !s.type).map(s => s.textContent)") if "alert" in t]
    assert dialogs == []
    assert page.problems == []


def test_two_cards_side_by_side(sharing_site, page):
    built, base = sharing_site
    if not CJK_FONT.is_file():
        pytest.skip("no Noto Sans CJK (apt-get install fonts-noto-cjk)")
    cards = []
    for docname in ("_posts/2021-10-02-dutch-card", "_posts/2021-10-03-chinese-card"):
        url = built.soup(docname).head.find("meta", property="og:image")["content"]
        cards.append(url.replace("https://example.org/site/", base))
    assert not [w for w in built.blog_warnings("cards")], built.blog_warnings("cards")
    html = "".join(f'<img src="{url}" width="600" height="315" style="margin:8px">' for url in cards)
    sheet = built.outdir / "cards-side-by-side.html"
    sheet.write_text(f"<!DOCTYPE html><html><body style='margin:0;background:#ccc'>{html}</body></html>",
                     encoding="utf-8")
    page.set_viewport_size({"width": 1250, "height": 340})
    page.goto(base + "cards-side-by-side.html")
    page.wait_for_load_state("load")
    assert page.evaluate("() => [...document.images].every(i => i.complete && i.naturalWidth === 1200)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "social-cards.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


def test_series_box_leads_through_the_series(readers_site, page):
    theme, base = readers_site
    # the comments of these short pages load at once: a client that adds no frame,
    # whose loading each click would cut short
    page.context.route("https://giscus.app/**", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body="/* giscus stub */"))
    page.goto(base + "_posts/2024-01-10-series-one.html")
    box = page.locator("nav.blogposts-series")
    assert box.locator(".blogposts-series-title").inner_text() == "Part 1 of 3 in Building a blog"
    assert box.is_visible()
    follow(page, "nav.blogposts-series .blogposts-series-next")
    assert path_of(page.url) == "/_posts/2024-01-20-series-two.html"
    assert page.locator(".blogposts-series-title").inner_text() == "Part 2 of 3 in Building a blog"
    assert page.locator(".blogposts-series [aria-current=page]").inner_text() == "Writing the first posts"
    follow(page, "nav.blogposts-series li >> nth=2 >> a")
    assert heading(page) == "Joining the IndieWeb"
    assert not page.locator(".blogposts-series-next").count()
    follow(page, "nav.blogposts-series .blogposts-series-previous")
    assert path_of(page.url) == "/_posts/2024-01-20-series-two.html"
    # the series' own page, from the box's title
    follow(page, "nav.blogposts-series .blogposts-series-title a")
    assert path_of(page.url) == "/blog/series/building-a-blog.html"
    assert [t.strip() for t in page.locator(".blogposts-entry-title a").all_inner_texts()] == [
        "Choosing a generator", "Writing the first posts", "Joining the IndieWeb"]
    assert page.problems == []


# Served in place of giscus.app: the client adds the widget's frame, the widget
# keeps what the page tells it.
GISCUS_CLIENT = """
(function () {
  var script = document.currentScript;
  var frame = document.createElement("iframe");
  frame.className = "giscus-frame";
  frame.src = "https://giscus.app/widget?theme=" + encodeURIComponent(script.dataset.theme || "");
  frame.style.height = "120px";
  script.insertAdjacentElement("afterend", frame);
})();
"""
GISCUS_WIDGET = """<!doctype html><meta charset="utf-8"><title>stub</title>
<p>Comments (stub)</p>
<script>
window.told = [];
window.addEventListener("message", function (event) { window.told.push(event.data); });
</script>
"""


def _serve_giscus(route):
    """giscus.app as the stubs above: the network is never reached."""
    url = route.request.url
    if url.startswith("https://giscus.app/client.js"):
        route.fulfill(status=200, content_type="text/javascript", body=GISCUS_CLIENT)
    elif url.startswith("https://giscus.app/widget"):
        route.fulfill(status=200, content_type="text/html", body=GISCUS_WIDGET)
    else:
        route.abort()


def test_comments_load_near_the_end_and_follow_the_theme(readers_site, page):
    theme, base = readers_site
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.context.route("https://giscus.app/**", _serve_giscus)
    page.emulate_media(color_scheme="light")
    # a short window: the comments are well below it
    page.set_viewport_size({"width": 1280, "height": 200})
    page.goto(base + "_posts/2024-01-10-series-one.html")
    page.wait_for_load_state("load")
    thread = page.locator(".blogposts-comments-thread")
    assert thread.count() == 1
    # farther than the script's margin (200px) below the window
    assert thread.evaluate("t => t.getBoundingClientRect().top") > 200 + 200 + 100
    page.wait_for_timeout(300)
    # lazy: nothing asked of the provider before the reader comes near
    assert [u for u in asked if "giscus" in u] == []
    assert thread.locator("script").count() == 0
    thread.scroll_into_view_if_needed()
    script = page.locator(".blogposts-comments-thread script[src='https://giscus.app/client.js']")
    script.wait_for(state="attached")
    assert script.get_attribute("data-repo") == "example/readers"
    assert script.get_attribute("data-repo-id") == "R_kgDOExample"
    assert script.get_attribute("data-category-id") == "DIC_kwDOExample"
    assert script.get_attribute("data-mapping") == "pathname"
    assert script.get_attribute("data-loading") == "lazy"
    assert script.get_attribute("data-theme") == "light"
    page.locator("iframe.giscus-frame").wait_for(state="attached")
    widget = next(f for f in page.frames if f.url.startswith("https://giscus.app/widget"))
    assert "theme=light" in widget.url
    # the reader switches to dark: furo and pydata through their own switches
    # (which set these attributes), alabaster through the system
    if theme == "furo":
        page.evaluate("document.body.dataset.theme = 'dark'")
    elif theme == "pydata":
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
    else:
        page.emulate_media(color_scheme="dark")
    page.wait_for_function("() => true")
    widget.wait_for_function("window.told.length > 0")
    assert widget.evaluate("window.told") == [{"giscus": {"setConfig": {"theme": "dark"}}}]
    assert [u for u in asked if not u.startswith(base) and "giscus.app" not in u] == []
    assert page.problems == []


def test_post_screenshot(readers_site, page):
    theme, base = readers_site
    page.context.route("https://giscus.app/**", _serve_giscus)
    page.emulate_media(color_scheme="light")
    page.goto(base + "_posts/2024-01-10-series-one.html")
    page.wait_for_load_state("load")
    avatar = page.locator(".blogpost-header img.blogpost-avatar")
    assert avatar.is_visible()
    assert avatar.evaluate("img => img.complete && img.naturalWidth") == 64
    box = avatar.bounding_box()
    assert box["width"] < 40 and box["height"] < 40  # a small picture beside the name, whatever the theme
    assert page.locator("nav.blogposts-series").is_visible()
    assert page.locator(".blogposts-related li").count() == 3
    page.locator(".blogposts-comments-thread").scroll_into_view_if_needed()
    page.locator("iframe.giscus-frame").wait_for(state="attached")
    page.evaluate("window.scrollTo(0, 0)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"post-{theme}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.goto(base + "blog/author/ann-example.html")
    assert page.locator(".blogposts-author-profile img").evaluate("img => img.complete && img.naturalWidth") == 64
    page.screenshot(path=str(SCREENSHOTS / f"author-{theme}.png"), full_page=True)
    assert page.problems == []
