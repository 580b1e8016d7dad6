"""``-j 2`` gives the same output as a serial build."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOTS, run_build, tree_bytes, write_files
from sphinx_blogposts.write import feed_files, listing_pages, workers

# enough posts that Sphinx really splits reading and writing across processes
EXTRA = {
    f"_posts/2020-02-{day:02d}-post-{day}.md": (
        f"---\ntitle: Post {day}\ntags: [t{day % 3}, all]\nauthor: A{day % 2}\n---\n"
        f"Paragraph {day} with [a link](https://example.org/{day}).\n\n## Part\n\nMore.\n"
    )
    for day in range(1, 29)
}


@pytest.mark.parametrize("in_workers", [False, True], ids=["blog-pages-in-main", "blog-pages-in-workers"])
def test_parallel_output_equals_serial(tmp_path, monkeypatch, in_workers):
    shared_out = []
    if in_workers:
        # this small blog has fewer pages and feed entries than are worth the processes
        monkeypatch.setattr(workers, "MINIMUM", 1)
        for module in (listing_pages, feed_files):
            def spy(app, items, *args, _real=module.in_workers, _name=module.__name__):
                shared_out.append((_name.rsplit(".", 1)[-1], len(items)))
                return _real(app, items, *args)

            monkeypatch.setattr(module, "in_workers", spy)
    outputs = {}
    for jobs in (0, 2):
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-basic", srcdir)
        write_files(srcdir, EXTRA)
        built = run_build(srcdir, parallel=jobs)
        assert not built.warnings, built.warnings
        if jobs:
            assert built.app.parallel == 2
        outputs[jobs] = {k: v for k, v in tree_bytes(built.outdir).items() if not k.startswith(".")}
    if in_workers:  # once each in the -j 2 build
        assert sorted(name for name, _count in shared_out) == ["feed_files", "listing_pages"]
        assert all(count > 10 for _name, count in shared_out), shared_out
    else:
        assert shared_out == []
    assert outputs[0].keys() == outputs[2].keys()
    different = [name for name in outputs[0] if outputs[0][name] != outputs[2][name]]
    assert different == []


# a long series, pinned and unlisted posts, shared tags: boxes, related lists,
# author profiles and comments on every page
READERS_EXTRA = {
    f"_posts/2023-05-{day:02d}-part-{day}.md": (
        f"---\ntitle: Part {day}\nauthor: {'ann' if day % 2 else 'Bob Builder'}\nseries: Long series\n"
        f"{'series_part: ' + str(30 - day) + chr(10) if day % 3 else ''}"
        f"tags: [t{day % 4}, t{day % 7}, common]\n{'pinned: true' + chr(10) if day == 5 else ''}"
        f"{'unlisted: true' + chr(10) if day == 9 else ''}---\nPart {day} of many.\n"
    )
    for day in range(1, 29)
}


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_readers_parallel_output_equals_serial(tmp_path, buildername):
    outputs = {}
    for jobs in (0, 2):
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-readers", srcdir)
        write_files(srcdir, READERS_EXTRA)
        built = run_build(srcdir, parallel=jobs, buildername=buildername)
        assert not built.warnings, built.warnings
        outputs[jobs] = {k: v for k, v in tree_bytes(built.outdir).items() if not k.startswith(".")}
    assert outputs[0].keys() == outputs[2].keys()
    assert [name for name in outputs[0] if outputs[0][name] != outputs[2][name]] == []
    page = "_posts/2023-05-10-part-10" + (".html" if buildername == "html" else "/index.html")
    text = outputs[2][page].decode()
    assert "blogposts-series" in text and "blogposts-related" in text and "blogposts-comments" in text
