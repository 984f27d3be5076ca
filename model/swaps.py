"""The SOFR swap market: a swap rate per bucket whose spread to Treasuries flows set.

A swap carries the same expected policy rates and rate-risk premium as the Treasury of its
maturity, so the two move together on macro news. What separates them is flow: a swap
rate is pushed down when many must receive fixed at once (leveraged funds closing the
pay-fixed legs of their swap-spread trades, as in April 2025) and up when many pay fixed,
because the dealers and end users on the other side warehouse the duration only at a
concession that fades as they lay it off. The Treasury yield, for its part, carries what is
specific to holding the bond: the supply premium and the dealers' balance-sheet concession.
The swap spread is the difference, so it is a price that flows on both sides set:

    swap_spread = start spread + swap concession - (supply premium + dealer pressure)

No agents live here: the market is given the day's net receive-fixed flow by bucket, as
`model.market.Market` is given orders, so its clearing is testable on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from model.instruments import N_BUCKETS


@dataclass
class SwapMarket:
    """Swap-rate concession by bucket from net receive/pay-fixed flow.

    Attributes:
        start_spread_bp: Swap rate minus Treasury yield at the start, by bucket (bp).
        bp_per_100bn: Swap-rate fall per $100bn (10y-equivalent notional) of net
            receive-fixed flow in a bucket on one day (bp); 0 fixes swap spreads apart from
            what moves the Treasury leg.
        decay: Share of the concession left the next day (its half-life sets the speed at
            which the other side lays the duration off).
        ten_year_weights: Each bucket's duration relative to the 10y (10y-equivalents).
        fixed: Whether swap spreads are fixed at their start (the `frictionless` ablation).
        concession_bp: Today's swap-rate concession by bucket (bp; negative = swap rates
            pushed down by receive-fixed flow).
        receive_bn: Net receive-fixed notional of the last clearing by bucket ($bn face).

    """

    start_spread_bp: list[float]
    bp_per_100bn: float
    decay: float
    ten_year_weights: np.ndarray
    fixed: bool = False
    concession_bp: list[float] = field(default_factory=lambda: [0.0] * N_BUCKETS)
    receive_bn: list[float] = field(default_factory=lambda: [0.0] * N_BUCKETS)

    def clear(self, receive_bn: list[float]) -> list[float]:
        """Move the swap-rate concession by the day's net receive-fixed flow.

        Receiving fixed buys duration in swaps: the other side must pay fixed, and does so
        only at a lower swap rate. Yesterday's concession fades first (the duration is laid
        off over days), then today's flow adds to it, 10y-equivalent as dealers' bond
        inventory is.

        Args:
            receive_bn: Net notional received fixed today by bucket ($bn; negative = paid).

        Returns:
            The concession by bucket after today's flow (bp).

        """
        self.receive_bn = list(receive_bn)
        if self.fixed:
            return self.concession_bp
        per_100bn, decay = self.bp_per_100bn, self.decay
        self.concession_bp = [
            decay * held - per_100bn * flow * weight / 100.0
            for held, flow, weight in zip(self.concession_bp, receive_bn,
                                          self.ten_year_weights.tolist(), strict=True)]
        return self.concession_bp

    def spread_bp(self, bucket: int, treasury_specific_bp: float) -> float:
        """Swap rate minus the Treasury yield of a bucket (bp).

        Args:
            bucket: The bucket's index.
            treasury_specific_bp: What is in the Treasury yield but not in the swap rate:
                the supply premium plus the dealers' concession (bp).

        """
        start = self.start_spread_bp[bucket]
        if self.fixed:
            return start
        return start + self.concession_bp[bucket] - treasury_specific_bp
