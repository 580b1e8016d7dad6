"""Take the README's screenshot of a built site's blog index.

Usage::

    python tools/screenshot.py docs/_build/html docs/_static/screenshot-blog-index.png

Serves the built HTML folder on a free local port, opens its blog index
(``--page``, default ``blog/index.html``) in headless Chromium at 1280x900
and saves what the window shows as PNG.  With Pillow installed the picture
is reduced to a 256-colour palette, which keeps it small.

Needs Chromium (Debian: ``apt-get install chromium``, at /usr/bin/chromium;
another one with ``--chromium``) and the ``playwright`` package, which the
``test`` extra installs.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def take(html_dir: Path, out: Path, *, page: str, width: int, height: int, chromium: Path) -> None:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), headless=True)
            try:
                view = browser.new_page(viewport={"width": width, "height": height})
                view.emulate_media(color_scheme="light")
                response = view.goto(f"http://127.0.0.1:{server.server_address[1]}/{page}")
                if response is None or not response.ok:
                    raise SystemExit(f"{page}: not found in {html_dir}")
                view.wait_for_load_state("networkidle")
                out.parent.mkdir(parents=True, exist_ok=True)
                view.screenshot(path=str(out))
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def shrink(png: Path) -> bool:
    """Reduce *png* to a palette of 256 colours, if Pillow is installed."""
    try:
        from PIL import Image
    except ImportError:
        return False
    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(png, optimize=True)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html_dir", type=Path, help="the built HTML folder, e.g. docs/_build/html")
    parser.add_argument("out", type=Path, help="the PNG file to write")
    parser.add_argument("--page", default="blog/index.html", help="the page to show (default: %(default)s)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--chromium", type=Path, default=Path("/usr/bin/chromium"))
    args = parser.parse_args(argv)
    if not (args.html_dir / args.page).is_file():
        parser.error(f"no {args.page} in {args.html_dir}: build the docs first (make docs)")
    if not args.chromium.is_file():
        parser.error(f"no Chromium at {args.chromium} (apt-get install chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        parser.error("the playwright package is missing: run with .venv/bin/python after make test")
    take(args.html_dir, args.out, page=args.page, width=args.width, height=args.height, chromium=args.chromium)
    shrunk = shrink(args.out)
    size = args.out.stat().st_size
    print(f"{args.out}: {args.width}x{args.height}, {size // 1024} KiB{'' if shrunk else ' (install Pillow to shrink it)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
