"""`calibrate --history`: the `fit` episodes' windows as calibration targets.

Each named window of an episode with `role = "fit"` becomes a target: the simulated change
between its two closes, net of the daily macro news like the other episode targets, aimed at
the real change with a half-width of max(10bp, 25% of the real move) (one unit of miss in
the loss; a window passes inside that range). Windows that a built-in target already measures
(liberation-day-2025's April windows) are not counted twice. Episodes with `role = "check"`
are refused: they are never fitted.
"""

from __future__ import annotations

from model.scenario import SERIES_UNITS
from yieldsim.calibration.evaluate import Objective
from yieldsim.calibration.moments import EpisodeWindows
from yieldsim.calibration.targets import TARGETS, Target
from yieldsim.history.arithmetic import actual_change_bp
from yieldsim.history.data import MarketData, market_data
from yieldsim.history.episodes import (
    Episode,
    EpisodeError,
    builtin_episodes,
    column,
    load_episode,
    load_episodes,
)

HALF_WIDTH_BP = 10.0       # the least half-width of a window's range, bp
HALF_WIDTH_SHARE = 0.25    # ... or this share of the real move, whichever is larger
# Windows the built-in targets already measure: (episode, bucket, from, to) -> target.
COVERED = {
    ("liberation-day-2025", "10y", "2025-04-02", "2025-04-04"): "lib_fall_10y_bp",
    ("liberation-day-2025", "10y", "2025-04-04", "2025-04-11"): "lib_rise_10y_bp",
    ("liberation-day-2025", "2y", "2025-04-04", "2025-04-11"): "lib_rise_2y_bp",
    ("liberation-day-2025", "30y", "2025-04-04", "2025-04-11"): "lib_rise_30y_bp",
    ("liberation-day-2025", "10y", "2025-04-11", "2025-04-30"): "lib_retreat_10y_bp",
}


def window_target(episode: Episode, index: int, data: MarketData) -> Target:
    """The target of one window: aimed at the real change."""
    window = episode.history.windows[index]
    first, last = window.start.isoformat(), window.end.isoformat()
    actual = actual_change_bp(data.observed(column(window.bucket)), first, last)
    half = max(HALF_WIDTH_BP, HALF_WIDTH_SHARE * abs(actual))
    label = f" ({window.label})" if window.label else ""
    return Target(
        name=f"history:{episode.name}:{window.bucket}:{first}:{last}",
        description=f"{episode.name}{label}: {window.bucket} change from {first} to {last} "
                    "(net of the daily macro-news draw, a mean-zero control variate)",
        source=f"{data.source}; range: the real change ± max({HALF_WIDTH_BP:g}bp, "
               f"{HALF_WIDTH_SHARE:.0%})",
        lo=round(actual - half, 2), hi=round(actual + half, 2), actual=round(actual, 2))


def fit_names(requested: list[str]) -> list[str]:
    """The episodes asked for, or every built-in one with role `fit`."""
    if requested:
        return requested
    return [name for name in builtin_episodes() if load_episode(name).history.role == "fit"]


def history_objective(requested: list[str]) -> tuple[Objective, list[str]]:
    """The built-in targets plus the windows of the `fit` episodes, and the episodes' names.

    Raises:
        EpisodeError: An episode with role `check`, or one that the data cannot compare.

    """
    data = market_data()
    episodes = load_episodes(fit_names(requested), data)
    checks = [e.name for e in episodes if e.history.role != "fit"]
    if checks:
        raise EpisodeError(f"episode {checks[0]} has role \"check\": checks are never fitted "
                           "(they are the out-of-sample test); give only fit episodes")
    targets, windows = [], []
    for episode in episodes:
        own = []
        for index, window in enumerate(episode.history.windows):
            key = (episode.name, window.bucket, window.start.isoformat(),
                   window.end.isoformat())
            if key in COVERED or window.bucket in SERIES_UNITS or window.published is not None:
                # The dollar is set by hand (model/params.py) and the volatility index by
                # benchmarks/equity_fit.py: neither is a yield target. A published figure
                # (the swap-spread unwind, a day past the data) is a check: never fitted.
                continue
            target = window_target(episode, index, data)
            targets.append(target)
            own.append((target.name, column(window.bucket), key[2], key[3]))
        if own:
            windows.append(EpisodeWindows(scenario=episode.scenario, steps=episode.steps,
                                          windows=tuple(own)))
    return (Objective(targets=(*TARGETS, *targets), episodes=tuple(windows)),
            [e.name for e in episodes])
