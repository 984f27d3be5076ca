"""Episodes: scenario files with a `[history]` table, checked against the data before a run.

Any scenario file with a `[history]` table is an episode; the built-in ones are the shipped
scenarios that carry one. Everything a run needs from the data (the episode inside the
data's dates, every window's two dates observed for its bucket and trading days of the
model's calendar) is checked here, so bad input ends before any model is built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from model.calendar import TradingCalendar
from model.scenario import (
    MAX_STEPS,
    HistorySpec,
    HistoryWindow,
    Scenario,
    ScenarioError,
    builtin_names,
    load_scenario,
    window_unit,
)
from yieldsim.history.data import MarketData

# The buckets every episode's picture shows against the data.
PICTURE_BUCKETS = ("2y", "10y", "30y")


class EpisodeError(ValueError):
    """An episode that cannot be compared with the data; the message names the fix."""


@dataclass(frozen=True)
class Episode:
    """A scenario to run against history.

    Attributes:
        scenario: The scenario as loaded.
        steps: Trading days from the start to the `[history]` end (the run's length).

    """

    scenario: Scenario
    steps: int

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self.scenario.name

    @property
    def history(self) -> HistorySpec:
        """The `[history]` table (always present on an episode)."""
        assert self.scenario.history is not None
        return self.scenario.history

    def calendar(self) -> TradingCalendar:
        """The model's trading days from the episode's start."""
        return TradingCalendar(self.scenario.start, horizon=self.steps)


def column(bucket: str) -> str:
    """The column of a bucket ('10y' -> 'y_10y'; the other series are their own names)."""
    return f"y_{bucket}" if window_unit(bucket) == "bp" else bucket


def picture_name(name: str) -> str:
    """The picture of an episode: `history-<name>.png` (unsafe characters become '-')."""
    safe = "".join(c if c.isalnum() or c in "._-" else "-" for c in name).strip(".")
    return f"history-{safe or 'episode'}.png"


def builtin_episodes() -> list[str]:
    """Names of the built-in scenarios that have a `[history]` table."""
    return [name for name in builtin_names() if load_scenario(name).history is not None]


def load_episode(name_or_path: str) -> Scenario:
    """A built-in episode by name, or any scenario file with a `[history]` table.

    Raises:
        EpisodeError: An unknown name, or a scenario without `[history]`.
        ScenarioError: A file that is not a valid scenario (its own message).

    """
    path_like = name_or_path.endswith(".toml") or "/" in name_or_path
    if not path_like and not Path(name_or_path).exists() \
            and name_or_path not in builtin_names():
        raise EpisodeError(f"unknown episode {name_or_path!r}: use one of "
                           f"{', '.join(builtin_episodes()) or '(none built in)'} or a path "
                           "to a scenario file with a [history] table")
    scenario = load_scenario(name_or_path)
    if scenario.history is None:
        raise EpisodeError(f"{scenario.source} has no [history] table, so it is not an episode: "
                           "add [history] with role, end and [[history.windows]] "
                           "(see docs/history.md)")
    return scenario


def trading_day(calendar: TradingCalendar, day: dt.date) -> bool:
    """Whether a date is one of the model's trading days."""
    return calendar.label(calendar.step_of(day)) == day.isoformat()


def check_episode(scenario: Scenario, data: MarketData) -> Episode:
    """The episode, once everything it compares is known to be in the data.

    Raises:
        EpisodeError: Dates outside the data, a window date without an observation of its
            bucket or not a trading day, or an episode longer than the model runs.

    """
    history = scenario.history
    if history is None:
        raise EpisodeError(f"{scenario.source} has no [history] table")
    where = f"episode {scenario.name} ({scenario.source})"
    first, last = dt.date.fromisoformat(data.first), dt.date.fromisoformat(data.last)
    # Past the data, an episode runs only as far as a published window needs it to.
    reach = max([w.end for w in history.windows if w.published is not None], default=last)
    if scenario.start < first or history.end > max(last, reach):
        raise EpisodeError(f"{where}: runs {scenario.start} to {history.end}, outside the data "
                           f"({first} to {last}): move start and [history] end inside it "
                           "(past the data only as far as a published window ends)")
    calendar = TradingCalendar(scenario.start)
    steps = calendar.step_of(history.end)
    if steps > MAX_STEPS:
        raise EpisodeError(f"{where}: {steps} trading days from start to [history] end; the "
                           f"model runs at most {MAX_STEPS}: shorten the episode")
    for index, window in enumerate(history.windows, 1):
        check_window(window, index, where, calendar, data)
    observed = data.observed("y_10y")
    days = [d for d in observed.index if scenario.start.isoformat() < d <= history.end.isoformat()]
    if len(days) < 2:
        raise EpisodeError(f"{where}: the data have fewer than two 10y closes after the start "
                           f"{scenario.start}: the coverage needs at least two")
    return Episode(scenario=scenario, steps=max(steps, 1))


def check_window(window: HistoryWindow, index: int, where: str, calendar: TradingCalendar,
                 data: MarketData) -> None:
    """A window's two dates are trading days with an observation of its bucket.

    A published window states its own real change, so only its dates are checked, and it
    must be one the data cannot answer: two truths for one window would be one too many.

    Raises:
        EpisodeError: Naming the window, the date and what is missing.

    """
    here = (f"{where}: window {index} ({window.bucket}, {window.start} to {window.end}"
            + (f", {window.label!r}" if window.label else "") + ")")
    name = column(window.bucket)
    observed = data.observed(name) if name in data.frame.columns else None
    seen = [observed is not None and day.isoformat() in observed.index
            for day in (window.start, window.end)]
    if window.published is not None and all(seen):
        raise EpisodeError(f"{here}: the data have its {window.bucket} closes on both dates, "
                           "so they answer it: remove published and source")
    for day, has_close in zip((window.start, window.end), seen, strict=True):
        if window.published is None and not has_close:
            covered = ("" if observed is None or observed.empty else
                       f"; its {window.bucket} data run {observed.index[0]} to "
                       f"{observed.index[-1]} with gaps on holidays")
            raise EpisodeError(f"{here}: the data have no {window.bucket} close on {day} "
                               f"({day:%A}){covered}: use a date with an observation")
        if not trading_day(calendar, day):
            raise EpisodeError(f"{here}: {day} is not a trading day of the model's calendar "
                               "(US bond-market holidays): use a trading day")


def load_episodes(requested: list[str], data: MarketData) -> list[Episode]:
    """The episodes to run: those asked for, or every built-in one; all checked.

    Raises:
        EpisodeError: An unknown or invalid episode, one given twice, or none at all.
        ScenarioError: A file that is not a valid scenario.

    """
    names = requested or builtin_episodes()
    if not names:
        raise EpisodeError("no built-in scenario has a [history] table: give --episode "
                           "path/to/file.toml")
    episodes = [check_episode(load_episode(name), data) for name in names]
    seen: dict[str, Episode] = {}
    for episode in episodes:
        # names are keys of the document and give the pictures' file names
        key = picture_name(episode.name)
        if key in seen:
            other = seen[key]
            raise EpisodeError(f"two episodes are named {other.name!r}"
                               + ("" if other.name == episode.name else
                                  f" and {episode.name!r} (the same picture file, {key})")
                               + f" ({other.scenario.source} and {episode.scenario.source}): "
                               "give each once, or rename one (the scenario's name)")
        seen[key] = episode
    return episodes


__all__ = ["PICTURE_BUCKETS", "Episode", "EpisodeError", "ScenarioError", "builtin_episodes",
           "check_episode", "column", "load_episode", "load_episodes", "picture_name"]
