"""``-j 2`` gives the same output as a serial build."""

from __future__ import annotations

import shutil

from conftest import ROOTS, run_build, tree_bytes, write_files

# enough posts that Sphinx really splits reading and writing across processes
EXTRA = {
    f"_posts/2020-02-{day:02d}-post-{day}.md": (
        f"---\ntitle: Post {day}\ntags: [t{day % 3}, all]\nauthor: A{day % 2}\n---\n"
        f"Paragraph {day} with [a link](https://example.org/{day}).\n\n## Part\n\nMore.\n"
    )
    for day in range(1, 29)
}


def test_parallel_output_equals_serial(tmp_path):
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
    assert outputs[0].keys() == outputs[2].keys()
    different = [name for name in outputs[0] if outputs[0][name] != outputs[2][name]]
    assert different == []
