"""The README's generated parts agree with the code."""

import re
import subprocess
import sys
from pathlib import Path

from yieldsim.readme import PARAMETERS_PAGE, README, block, params_markdown

YIELDSIM = str(Path(sys.executable).parent / "yieldsim")


def test_parameter_table_is_current():
    assert block(PARAMETERS_PAGE.read_text(), "params") == params_markdown()
    printed = subprocess.run([YIELDSIM, "params", "--format", "markdown"], capture_output=True,
                             text=True, check=True).stdout.strip()
    assert printed == params_markdown()


def test_first_screen_gives_the_two_commands():
    text = README.read_text()
    first_screen = text[:text.index("---")]
    commands = re.findall(r"^make \w+", first_screen, re.M)
    assert commands == ["make run", "make test"]
    makefile = (README.parent / "Makefile").read_text()
    assert "yieldsim run --scenario $(SCENARIO)" in makefile and "SCENARIO ?= liberation-day-2025" \
        in makefile
    assert "make test" in (README.parent / ".ci" / "run").read_text()
