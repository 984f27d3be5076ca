"""What every `yieldsim` subcommand shares: one-line usage errors, exit status 2, settings.

Bad input of any kind ends with one line on stderr that names the problem and the fix, and
exit status 2; nothing is written. Subcommand modules import this module, never `yieldsim.cli`
(which imports them), so the command's modules form no import cycle.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from model.events import EventError
from model.params import RETIRED, ModelParams, ParameterError
from model.scenario import DEFAULT_SCENARIO, ScenarioError, load_scenario, resolve
from model.values import StateError, printable, show
from yieldsim.limits import seed_option
from yieldsim.settings import parse_pairs

USAGE_ERROR = 2
INPUT_ERRORS = (ScenarioError, ParameterError, EventError, StateError)


class UsageError(Exception):
    """A command line that cannot be carried out as typed."""


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit status 2."""

    def error(self, message: str) -> NoReturn:
        """Report a usage error in one line."""
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def parse_settings(pairs: Sequence[str]) -> dict[str, Any]:
    """Turn repeated `--set NAME=VALUE` into a dictionary, checking names.

    Raises:
        UsageError: A pair without '=', a name given twice or an unknown parameter name.

    """
    settings: dict[str, Any] = dict(parse_pairs(pairs, "--set", UsageError))
    names = set(ModelParams.names())
    for name in settings:
        if name in RETIRED:
            raise UsageError(f"parameter {name} in --set was retired: {RETIRED[name]}")
        if "." not in name and name not in names:
            raise UsageError(f"unknown parameter {show(name)} in --set: see `yieldsim params`")
    return settings


def precheck(scenario: str, settings: dict[str, Any]) -> ModelParams:
    """Validate a scenario and settings before the simulation stack is imported.

    Building the model validates everything again (and the scenario against the model);
    this only makes bad input fail in a fraction of a second instead of after seconds of
    imports.

    Returns:
        The run's parameters.

    """
    return resolve(load_scenario(scenario), settings)[1]


def fail(message: str, status: int = USAGE_ERROR) -> int:
    """Print a one-line error and return the usage-error status (or `status`)."""
    if sys.stderr is not None:
        print(f"yieldsim: error: {printable(' '.join(message.split()))}", file=sys.stderr)
    return status


def add_scenario_and_seed(parser: argparse.ArgumentParser) -> None:
    """The `--scenario` and `--seed` options of the commands that run one model (run, viz)."""
    parser.add_argument("--scenario", default=DEFAULT_SCENARIO,
                        help="built-in name or path to a scenario TOML (default: %(default)s)")
    parser.add_argument("--seed", type=seed_option(), default=7,
                        help="random seed (default: %(default)s)")
