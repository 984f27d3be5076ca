"""Keep the documentation's generated tables in step with the code.

`python -m yieldsim.readme` rewrites the block between `<!-- params:start -->` and
`<!-- params:end -->` in `docs/parameters.md` (the README links it) and the one between
`<!-- columns:start -->` and `<!-- columns:end -->` in `docs/reference.md`; tests fail when a
page and the code disagree. A development tool: it edits the clone's files.
"""

from __future__ import annotations

import re
from pathlib import Path

from model.params import ModelParams

README = Path(__file__).resolve().parent.parent / "README.md"
PARAMETERS_PAGE = README.parent / "docs" / "parameters.md"
REFERENCE_PAGE = README.parent / "docs" / "reference.md"


def params_markdown() -> str:
    """The parameter table as Markdown (what `yieldsim params --format markdown` prints)."""
    lines = ["| name | default | unit | meaning | source |", "|---|---|---|---|---|"]
    lines += [f"| `{r['name']}` | {r['default']} | {r['unit']} | {r['meaning']} | {r['source']} |"
              for r in ModelParams.describe()]
    return "\n".join(lines)


def columns_markdown() -> str:
    """The per-step columns as Markdown (what `yieldsim columns --format markdown` prints)."""
    from yieldsim.api import columns

    lines = ["| column | unit | meaning |", "|---|---|---|"]
    lines += [f"| `{name}` | {row['unit']} | {row['meaning']} |"
              for name, row in columns().iterrows()]
    return "\n".join(lines)


def replace_block(text: str, name: str, content: str) -> str:
    """Put `content` between the named markers, keeping the markers."""
    pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"README has no <!-- {name}:start --> ... <!-- {name}:end --> block")
    return pattern.sub(lambda m: m.group(1) + content.rstrip("\n") + "\n" + m.group(2), text)


def block(text: str, name: str) -> str:
    """The content of a named block."""
    match = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, re.S)
    if match is None:
        raise ValueError(f"README has no {name} block")
    return match.group(1).rstrip("\n")


def main() -> None:
    """Rewrite the parameter table and the column table in the docs."""
    PARAMETERS_PAGE.write_text(replace_block(PARAMETERS_PAGE.read_text(), "params",
                                             params_markdown()))
    REFERENCE_PAGE.write_text(replace_block(REFERENCE_PAGE.read_text(), "columns",
                                            columns_markdown()))


if __name__ == "__main__":
    main()
