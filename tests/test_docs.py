"""The README is for users: short, no commit hashes, and every local link resolves.

Links are checked in README.md and every page in docs/: a relative target must exist, and a
`#fragment` must name a heading of the page it points to (GitHub's anchors).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
MAX_README_LINES = 450
MAX_FIT_LINES = 40


def anchors(page: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown page."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    found = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
        found.add(slug.replace(" ", "-"))
    return found


def local_links(page: Path) -> list[str]:
    """Every link target of a page that is not a web address (code blocks left out)."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_local_link_resolves(page: Path) -> None:
    broken = []
    for target in local_links(page):
        path_text, _, fragment = target.partition("#")
        path = (page.parent / path_text).resolve() if path_text else page
        missing_anchor = bool(fragment) and path.suffix == ".md" and path.exists() \
            and fragment not in anchors(path)
        if not path.exists() or missing_anchor:
            broken.append(target)
    assert not broken, f"{page.name}: broken links {broken}"


def test_readme_is_short_and_has_no_commit_hashes() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_README_LINES
    hashes = [h for h in re.findall(r"\b[0-9a-f]{7,40}\b", text)
              if re.search(r"[a-f]", h) and re.search(r"\d", h)]
    assert not hashes, hashes


def test_how_well_it_fits_is_one_short_section() -> None:
    text = README.read_text(encoding="utf-8")
    assert text.count("\n## How well it fits\n") == 1
    section = text.split("\n## How well it fits\n")[1].split("\n## ")[0]
    assert len(section.strip().splitlines()) < MAX_FIT_LINES


def test_the_readme_links_every_docs_page() -> None:
    linked = {Path(t.partition("#")[0]).name for t in local_links(README)}
    assert {p.name for p in PAGES[1:]} <= linked
