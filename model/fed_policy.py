"""What the market expects the Fed to do beyond the path the macro news implies.

The news-implied path (`model.components.ExpectedRates`) is a reaction function in
expectation: tariffs raise inflation and cut growth, and the Fed answers both. Three more
pieces move the path, each with its own evidence, and all three reach it as one `easing_bp`
a day:

- **insurance easing**: with room (inflation near target) the Fed eases while uncertainty
  lasts and keeps what it delivered (2019);
- **the Fed put**: the market prices cuts on financial stress whatever the room, and
  prices them out as the stress fades (3 and 9 April 2025);
- **the programme signal**: announcing purchases signals a later lift-off.

The room itself, which decides how much of a growth hit the Fed answers and whether
Treasuries hedge uncertainty or carry a premium for it, is `fed_room`.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.components import Uncertainty, half_life_decay
from model.params import ModelParams


def fed_room(inflation_pct: float, params: ModelParams) -> float:
    """The Fed's room to ease into uncertainty, 0-1, from inflation's distance to target.

    1 at or below target (2013, 2019: it can buy insurance against a growth scare), 0 once
    inflation is `fed_room_band_pp` above it (2025: a supply shock that raises inflation
    leaves it waiting). The same state decides whether Treasuries hedge the uncertainty or
    carry an inflation-risk premium for it.
    """
    gap = inflation_pct - params.inflation_target_pct
    return min(1.0, max(0.0, 1.0 - gap / params.fed_room_band_pp))


def growth_weight(room: float, params: ModelParams) -> float:
    """Share of a growth hit the Fed is expected to answer (1 with full room).

    Without room (inflation a band above target, raised further by the tariffs) it looks
    through all but `fed_growth_response_without_room` of it.
    """
    without = params.fed_growth_response_without_room
    return without + (1.0 - without) * room


@dataclass
class FedExpectations:
    """The Fed's expected easing beyond the news-implied path (bp of policy rate).

    Attributes:
        insurance_bp_per_uncertainty: Whole cut a unit of uncertainty brings with full room.
        put_bp_per_uncertainty: Cut priced per unit of known stress (any room).
        signal_bp_per_100bn: Path shift per $100bn of announced purchases (reference market).
        retain: Daily retention of the insurance easing delivered.
        insurance_easing_bp: The insurance easing delivered so far.

    """

    insurance_bp_per_uncertainty: float
    put_bp_per_uncertainty: float
    signal_bp_per_100bn: float
    retain: float
    insurance_easing_bp: float = 0.0

    @classmethod
    def from_params(cls, params: ModelParams) -> FedExpectations:
        """The expectations a run starts with: no easing delivered yet."""
        return cls(insurance_bp_per_uncertainty=params.fed_insurance_bp_per_uncertainty,
                   put_bp_per_uncertainty=params.fed_put_bp_per_uncertainty,
                   signal_bp_per_100bn=params.programme_signal_bp_per_100bn,
                   retain=half_life_decay(params.fed_easing_half_life_days))

    def easing_bp(self, uncertainty: Uncertainty, room: float, announced_bn: float,
                  scale: float) -> float:
        """Today's expected easing (bp; + = lower path); call once a day.

        With room, each day adds the share of a shock's total cut that the day's uncertainty
        stands for (a shock of u units, decaying by `decay` a day, adds insurance x u in all),
        and what it has delivered stays. The put is priced on the stress the market knows is
        coming, what is still arriving included: futures reprice on the day (the 2y fell 20bp
        on 3 April 2025, when the VIX had made 8.5 of its 31 points). The signal is about the
        whole of what was announced, bought or still to buy: it does not fade as the
        operations are carried out.

        Args:
            uncertainty: Today's uncertainty state (before it advances).
            room: The Fed's room to ease today (0-1).
            announced_bn: Purchases announced beyond the start's ($bn face; sales negative).
            scale: How much more a dollar weighs in this market than in the reference one.

        """
        self.insurance_easing_bp = (
            self.insurance_easing_bp * self.retain
            + self.insurance_bp_per_uncertainty * (1.0 - uncertainty.decay) * room
            * uncertainty.level)
        return (self.insurance_easing_bp
                + self.put_bp_per_uncertainty * uncertainty.stress_known
                + scale * self.signal_bp_per_100bn * announced_bn / 100.0)
