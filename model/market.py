"""Clearing and price formation: orders in, fills and prices out; no agents inside.

Each step the market (1) caps every sell at what its sender holds, (2) nets orders per
bucket, (3) lets dealers absorb the imbalance within their balance-sheet capacity, rationing
the heavy side pro rata when they are full, (4) runs the Fed's operations as reverse
auctions against what dealers then hold, and (5) quotes prices: the fundamental price
(expected rates plus term premium) less a dealer concession that grows with inventory and
recent flow and steepens as utilisation nears capacity, never below the yield floor. Yields
are read back from those prices exactly.

Capacity is enforced on discretionary orders: when dealers are full, the crowded side is
refused (down to refusing all of it) before dealers' books grow past capacity. The one
exception is must-fill supply, Treasury auctions: an auction always clears, so dealers take
its tail even when full. The tail is only ever what auctions add while dealers are full
(a full balance sheet refuses every discretionary order that would add to it), and it is
laid off as soon as clients buy; the response surface checks it stays within one day's
issuance (10y-equivalent) in every cell.
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
# Utilisation at which the strain multiplier stops rising (it would diverge at 1): an
# assumption that keeps quotes finite when must-fill auctions push dealers past capacity.
MAX_STRAIN = 0.95
# Batches with more holders than this are capped one bucket row at a time (memory, not
# speed: below it the whole-matrix operations are faster and the work matrix is small).
ROW_WISE_ABOVE = 65_536
# A dealer never quotes more than half the price away from fundamentals: a numerical guard
# (assumption), far beyond any concession seen (March 2020 off-the-run spreads were ~1 point).
MAX_CONCESSION = 0.5


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
        offered: Face dealers tendered to (+) or bought from (-) the Fed's operations per
            bucket.

    """

    fills: list[np.ndarray]
    client_net: np.ndarray
    dealer_trade: np.ndarray
    rationed: np.ndarray
    capped: np.ndarray
    filled_net: list[np.ndarray] = field(default_factory=list)
    offered: np.ndarray = field(default_factory=lambda: np.zeros(N_BUCKETS))


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
        yield_floor_pct: No bucket's yield is quoted below this (percent).
        pending_bn: The Fed's operation amounts left unfilled after today's auction, by
            bucket ($bn face; + bids). Dealers quote them like inventory of the opposite sign:
            an unfilled bid makes bonds richer until holders offer into it, which is the
            concession at which the reverse auction buys.

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
    yield_floor_pct: float = -np.inf
    inventory: np.ndarray = field(default_factory=lambda: np.zeros(N_BUCKETS))
    flow_impact_bp: np.ndarray = field(default_factory=lambda: np.zeros(N_BUCKETS))
    pending_bn: np.ndarray = field(default_factory=lambda: np.zeros(N_BUCKETS))

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

        Discretionary and must-fill orders clear first; then reverse-auction batches (the
        Fed's operations) fill against what dealers hold after that: purchases take at most
        dealers' long positions, sales at most their short ones, so the Fed never makes
        dealers deliver bonds nobody offered, nor buy bonds nobody wanted.

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
            elif not batch.reverse_auction:
                net += face_net
                buys += buy_net
            orders.append(face)
            nets.append(face_net)
        sells = buys - net

        heavy_fill = self._heavy_fill(buys, sells, must)
        buy_fill = np.where(buys >= sells, heavy_fill, 1.0)
        sell_fill = np.where(sells > buys, heavy_fill, 1.0)
        allowed_net = buys * buy_fill - sells * sell_fill
        rationing = bool(np.any(heavy_fill < 1.0))
        after = self.inventory - (allowed_net + must)

        # Reverse auctions: dealers tender their long positions, bid for their short ones.
        bids = np.zeros(N_BUCKETS)
        offers = np.zeros(N_BUCKETS)
        for batch, face, face_net in zip(batches, orders, nets, strict=True):
            if batch.reverse_auction:
                bought = bucket_sums(np.maximum(face, 0.0))
                bids += bought
                offers += bought - face_net
        op_buy = np.minimum(np.maximum(bids - offers, 0.0), np.maximum(after, 0.0))
        op_sell = np.minimum(np.maximum(offers - bids, 0.0), np.maximum(-after, 0.0))
        crossed = np.minimum(bids, offers)  # buys and sells of one bucket net off first
        op_buy_fill = np.where(bids > 0, (crossed + op_buy) / np.where(bids > 0, bids, 1.0), 0.0)
        op_sell_fill = np.where(offers > 0, (crossed + op_sell) / np.where(offers > 0, offers,
                                                                           1.0), 0.0)
        offered = op_buy - op_sell
        self.pending_bn = (bids - crossed - op_buy) - (offers - crossed - op_sell)

        fills, filled_net = [], []
        for batch, face, face_net in zip(batches, orders, nets, strict=True):
            if batch.reverse_auction:
                fill = np.where(face > 0, face * op_buy_fill[:, None],
                                face * op_sell_fill[:, None])
                fills.append(fill)
                filled_net.append(bucket_sums(fill))
            elif batch.must_fill or not rationing:
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
        client_net = allowed_net + must + offered
        self.inventory = after - offered
        return ClearingResult(fills=fills, client_net=client_net, dealer_trade=-client_net,
                              rationed=np.abs(net - allowed_net), capped=capped,
                              filled_net=filled_net, offered=offered)

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

    def _heavy_fill(self, buys: np.ndarray, sells: np.ndarray, must: np.ndarray) -> np.ndarray:
        """Per-bucket fill of the heavier side of discretionary orders (bisection).

        Where the imbalance would enlarge dealers' positions, the heavy side is cut by one
        common factor, as far as refusing it entirely but never so far that dealers' position
        crosses zero, until utilisation (with must-fill supply on the books) is within
        `max_utilization`. If even that is not enough, the remainder is the auction tail.
        """
        base = self.inventory - must
        net = buys - sells
        if self.utilization(base - net) <= self.max_utilization:
            return np.ones(N_BUCKETS)
        sells_heavy = sells > buys
        heavy = np.where(sells_heavy, sells, buys)
        safe = np.where(heavy > 0, heavy, 1.0)
        # The fill at which dealers' position would reach zero: below it they would flip sides.
        zero_fill = np.where(sells_heavy, (buys - base) / safe, (base + sells) / safe)
        lowest = np.clip(zero_fill, 0.0, 1.0)
        enlarging = (np.abs(base - net) > np.abs(base)) & (heavy > 0)

        def inventory_at(t: float) -> np.ndarray:
            fill = np.where(enlarging, lowest + t * (1.0 - lowest), 1.0)
            return base - np.where(sells_heavy, buys - fill * sells, fill * buys - sells)

        low, high = 0.0, 1.0
        for _ in range(40):
            mid = (low + high) / 2.0
            if self.utilization(inventory_at(mid)) <= self.max_utilization:
                low = mid
            else:
                high = mid
        return np.where(enlarging, lowest + low * (1.0 - lowest), 1.0)

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
        inventory_bp = (self.pressure_bp_per_100bn * (self.inventory - self.pending_bn)
                        * self.ten_year_weights
                        / 100.0 * strain)
        pressure_pct = (inventory_bp + self.flow_impact_bp) / 100.0
        fundamental_prices, durations = self.curve.price_and_durations(fundamental_yields)
        concession = np.clip(durations * pressure_pct / 100.0, -MAX_CONCESSION, MAX_CONCESSION)
        prices = fundamental_prices * (1.0 - concession)
        yields = self.curve.yields(prices, guess=fundamental_yields)
        if np.any(yields < self.yield_floor_pct):
            # Below the floor investors hold cash instead: no bond is bid through it.
            yields = np.maximum(yields, self.yield_floor_pct)
            prices = self.curve.price(yields)
        return prices, yields
