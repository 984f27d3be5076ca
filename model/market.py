"""Clearing and price formation: orders in, fills and prices out; no agents inside.

Each step the market (1) caps every sell at what its sender holds, (2) nets orders per
bucket, (3) lets dealers absorb the imbalance within their balance-sheet capacity, rationing
the heavy side pro rata when they are full, and (4) quotes prices: the fundamental price
(expected rates plus term premium) less a dealer concession that grows with inventory and
recent flow and steepens as utilisation nears capacity. Yields are read back from those
prices exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from model.instruments import N_BUCKETS, Curve
from model.orders import OrderBatch, bucket_sums

# Bucket volatility (bp/day) for the square-root law: FRED March-July 2025, the 5y interpolated.
CALM_VOL_BP = np.array([6.0, 5.8, 5.6, 5.5])
# Share of cash volume by bucket (approx.; bills and short notes trade most).
VOLUME_SHARES = np.array([0.40, 0.28, 0.20, 0.12])
MAX_STRAIN = 0.95
# Batches with more holders than this are capped one bucket row at a time (memory, not
# speed: below it the whole-matrix operations are faster and the work matrix is small).
ROW_WISE_ABOVE = 65_536
MAX_CONCESSION = 0.5  # a dealer never quotes more than half the price away from fundamentals


@dataclass
class ClearingResult:
    """What one clearing round did.

    Attributes:
        fills: Filled signed face per batch, same shapes and order as the batches. A batch
            filled in full is its own fill (the same array, not a copy): read, don't modify.
        client_net: Net client flow per bucket ($bn; + clients bought).
        dealer_trade: Face dealers bought per bucket (= -client_net).
        rationed: Face of orders left unfilled per bucket because dealers were full.
        capped: Face of sells refused because the sender did not hold it.
        filled_net: Filled face per bucket for each batch (the fills' bucket sums), so
            callers need not sum large fill matrices again.

    """

    fills: list[np.ndarray]
    client_net: np.ndarray
    dealer_trade: np.ndarray
    rationed: np.ndarray
    capped: np.ndarray
    filled_net: list[np.ndarray] = field(default_factory=list)


@dataclass
class Market:
    """Dealer inventory and price pressure for the four buckets.

    Attributes:
        curve: Coupons and maturities of the buckets.
        capacity_bn: Dealers' balance-sheet room, 10y-equivalent $bn.
        ten_year_weights: Each bucket's duration relative to the 10y (10y-equivalents).
        pressure_bp_per_100bn: Concession per $100bn 10y-eq of a bucket's inventory.
        impact_coefficient: Square-root-law prefactor.
        impact_decay: Daily retention of flow impact.
        volume_bn: Daily cash volume by bucket.
        max_utilization: Utilisation beyond which client orders are rationed.
        strain_coefficient: Steepness of impact as utilisation rises.
        inventory: Dealer inventory above normal by bucket, face $bn (may be negative).
        flow_impact_bp: Transient flow impact by bucket, bp.

    """

    curve: Curve
    capacity_bn: float
    ten_year_weights: np.ndarray
    pressure_bp_per_100bn: float
    impact_coefficient: float
    impact_decay: float
    volume_bn: np.ndarray
    max_utilization: float = 1.0
    strain_coefficient: float = 0.3
    inventory: np.ndarray = field(default_factory=lambda: np.zeros(N_BUCKETS))
    flow_impact_bp: np.ndarray = field(default_factory=lambda: np.zeros(N_BUCKETS))

    def utilization(self, inventory: np.ndarray | None = None) -> float:
        """Share of dealer capacity in use (10y-equivalent absolute inventory)."""
        inv = self.inventory if inventory is None else inventory
        return float(np.abs(inv * self.ten_year_weights).sum() / self.capacity_bn)

    def strain(self) -> float:
        """Multiplier on impact: 1 when dealers are empty, rising sharply near capacity."""
        u = min(self.utilization(), MAX_STRAIN)
        return 1.0 + self.strain_coefficient * u * u / (1.0 - u)

    def clear(self, batches: list[OrderBatch]) -> ClearingResult:
        """Fill a round of orders, moving the imbalance onto dealers' books.

        Args:
            batches: Every order batch of the step.

        Returns:
            The fills per batch and the flows that price formation needs.

        """
        capped = np.zeros(N_BUCKETS)
        must = np.zeros(N_BUCKETS)
        buys = np.zeros(N_BUCKETS)
        net = np.zeros(N_BUCKETS)
        orders, nets = [], []
        for batch in batches:
            face = batch.face
            single = face.shape[1] == 1  # one holder: its column is its bucket sum
            if single:
                if batch.available is not None:
                    # Sells are capped at what the sender holds: nobody shorts here.
                    face = np.maximum(face, -batch.available)
                    capped += face[:, 0] - batch.face[:, 0]
                face_net = face[:, 0]
                buy_net = np.maximum(face_net, 0.0)
            else:
                face, face_net, buy_net = self._cap_and_sum(batch, capped)
            if batch.must_fill:
                must += face_net
            else:
                net += face_net
                buys += buy_net
            orders.append(face)
            nets.append(face_net)
        sells = buys - net

        scale = self._room_for(net, must)
        allowed_net = net * scale
        heavy = np.maximum(buys, sells)
        light = np.minimum(buys, sells)
        safe_heavy = np.where(heavy > 0, heavy, 1.0)
        heavy_fill = np.where(heavy > 0, (light + np.abs(allowed_net)) / safe_heavy, 1.0)
        buy_fill = np.where(buys >= sells, heavy_fill, 1.0)
        sell_fill = np.where(sells > buys, heavy_fill, 1.0)

        rationing = bool(np.any(buy_fill < 1.0) or np.any(sell_fill < 1.0))
        fills, filled_net = [], []
        for batch, face, face_net in zip(batches, orders, nets, strict=True):
            if batch.must_fill or not rationing:
                fills.append(face)  # filled in full: the (capped) orders themselves
                filled_net.append(face_net)
            else:
                # Buys at the buy ratio, the rest at the sell ratio; a many-holder batch's
                # orders (handed over, see OrderBatch) are scaled in place.
                buying = face > 0
                fill = face if face.shape[1] > 1 else face.copy()
                np.multiply(face, sell_fill[:, None], out=fill, where=~buying)
                np.multiply(face, buy_fill[:, None], out=fill, where=buying)
                fills.append(fill)
                filled_net.append(bucket_sums(fill))
        client_net = allowed_net + must
        self.inventory = self.inventory - client_net
        return ClearingResult(fills=fills, client_net=client_net, dealer_trade=-client_net,
                              rationed=np.abs(net - allowed_net), capped=capped,
                              filled_net=filled_net)

    def _cap_and_sum(self, batch: OrderBatch,
                     capped: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A many-holder batch's orders capped at holdings, with net and buy sums per bucket.

        A many-holder batch hands its orders over: a binding cap (a fund selling more than it
        holds) is applied to `batch.face` in place, and the work array is reused from step
        to step, so a cohort of a million funds adds no (4, n) temporaries beyond its orders.
        Large batches are worked one bucket row at a time (a work row, not a work matrix);
        the sums are the same row sums either way.
        """
        face = batch.face
        rows = face.shape[1] > ROW_WISE_ABOVE
        work = self._work_array((face.shape[1],) if rows else face.shape)
        face_net = bucket_sums(face)
        if batch.available is not None:
            # Sells are capped at what the sender holds: nobody shorts here.
            pairs = zip(face, batch.available, strict=True) if rows else [(face, batch.available)]
            binding = False
            for orders, held in pairs:
                floor = np.negative(held, out=work)
                if np.less(orders, floor).any():
                    np.maximum(orders, floor, out=orders)
                    binding = True
            if binding:
                raw_net = face_net
                face_net = bucket_sums(face)
                capped += face_net - raw_net
        if rows:
            buy_net = np.array([np.maximum(row, 0.0, out=work).sum() for row in face])
        else:
            buy_net = bucket_sums(np.maximum(face, 0.0, out=work))
        return face, face_net, buy_net

    def _work_array(self, shape: tuple[int, ...]) -> np.ndarray:
        """A reusable work array: a view of one buffer sized for the largest request."""
        size = int(np.prod(shape))
        buffer = self.__dict__.get("_work")
        if buffer is None or buffer.size < size:
            buffer = self._work = np.empty(size)
        return buffer[:size].reshape(shape)

    def __getstate__(self) -> dict:
        """Drop the work buffer from pickles: it holds nothing between steps."""
        state = dict(self.__dict__)
        state.pop("_work", None)
        return state

    def _room_for(self, net: np.ndarray, must: np.ndarray) -> np.ndarray:
        """Per-bucket share of the discretionary imbalance dealers can take (bisection).

        Only buckets where the imbalance would enlarge dealers' positions are scaled, by one
        common factor, so a full balance sheet rations every crowded bucket alike.
        """
        base = self.inventory - must
        if self.utilization(base - net) <= self.max_utilization:
            return np.ones(N_BUCKETS)
        enlarging = np.abs(base - net) > np.abs(base)
        low, high = 0.0, 1.0
        for _ in range(40):
            mid = (low + high) / 2.0
            trial = np.where(enlarging, mid, 1.0)
            if self.utilization(base - net * trial) <= self.max_utilization:
                low = mid
            else:
                high = mid
        return np.where(enlarging, low, 1.0)

    def quote(self, fundamental_yields: np.ndarray, client_net: np.ndarray,
              vol_multiplier: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
        """Prices and yields after today's flow, given fundamental yields.

        Args:
            fundamental_yields: Expected-rate plus term-premium yields, percent.
            client_net: Today's net client flow by bucket ($bn, + bought).
            vol_multiplier: Current volatility relative to calm, scaling the square-root law.

        Returns:
            (prices per 100 face, yields in percent).

        """
        strain = self.strain()
        sqrt_impact = (self.impact_coefficient * CALM_VOL_BP * vol_multiplier
                       * np.sqrt(np.abs(client_net) / self.volume_bn))
        self.flow_impact_bp = (self.flow_impact_bp * self.impact_decay
                               - np.sign(client_net) * sqrt_impact * strain)
        inventory_bp = (self.pressure_bp_per_100bn * self.inventory * self.ten_year_weights
                        / 100.0 * strain)
        pressure_pct = (inventory_bp + self.flow_impact_bp) / 100.0
        fundamental_prices, durations = self.curve.price_and_durations(fundamental_yields)
        concession = np.clip(durations * pressure_pct / 100.0, -MAX_CONCESSION, MAX_CONCESSION)
        prices = fundamental_prices * (1.0 - concession)
        return prices, self.curve.yields(prices, guess=fundamental_yields)
