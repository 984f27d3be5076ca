"""The README's generated parts agree with the code."""

import re
import subprocess
import sys
from pathlib import Path

import yieldsim
from model.scenario import builtin_names
from model.summary import UNITS
from model.yieldmodel import YieldModel
from yieldsim.cli import build_parser
from yieldsim.readme import (
    PARAMETERS_PAGE,
    README,
    REFERENCE_PAGE,
    block,
    columns_markdown,
    params_markdown,
)

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


def test_column_table_is_current_and_every_scenario_writes_its_columns():
    text = REFERENCE_PAGE.read_text()
    assert block(text, "columns") == columns_markdown()
    printed = subprocess.run([YIELDSIM, "columns", "--format", "markdown"], capture_output=True,
                             text=True, check=True).stdout.strip()
    assert printed == columns_markdown()
    listed = re.findall(r"^\| `([^`]+)` \|", block(text, "columns"), re.M)
    for name in builtin_names():  # the page says every built-in scenario writes these
        frame = YieldModel(scenario=name, rng=0, n_funds=3).timeseries()
        assert list(frame.columns) == listed, name


def test_reference_names_every_summary_key_and_command():
    text = REFERENCE_PAGE.read_text()
    summary = text[text.index("**Summary**"):text.index("## From Python")]
    named = set(re.findall(r"`([a-z0-9_]+)`", summary))
    assert set(UNITS) <= named, sorted(set(UNITS) - named)
    commands = text[text.index("```text"):text.index("```\n", text.index("```text") + 7)]
    subparsers = next(a for a in build_parser()._actions if a.choices and "run" in a.choices)
    for command, parser in subparsers.choices.items():
        assert f"yieldsim {command} " in commands, command
        line = next(x for x in commands.splitlines() if x.startswith(f"yieldsim {command} "))
        shared = {"--help", "--workers", "--backend", "--scheduler"}
        options = {o for a in parser._actions for o in a.option_strings
                   if o.startswith("--")} - shared
        if command != "sweep":  # its line shows the main options and `[...]`
            assert all(o in line for o in options), (command, options - set(line.split()))


def test_the_readme_python_example_quotes_the_run_it_shows():
    text = README.read_text()
    quoted = re.search(r'summary\["peak_10y"\].*# ([0-9.]+), \'percent\'', text)
    assert quoted is not None
    run = yieldsim.run("japan-sells", seed=3, steps=60, **{"japan_sale.amount_bn": 200})
    assert f"{run.summary['peak_10y']:.2f}" == quoted.group(1)
