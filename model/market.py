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

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from model.instruments import N_BUCKETS, Curve, check_priceable
from model.orders import OrderBatch, bucket_sums, bucket_totals

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

    The per-bucket figures are kept as four floats each (`*_bn` lists), the form clearing
    makes them in and the model reads them in; the array attributes (`client_net`,
    `dealer_trade`, `rationed`, `capped`, `offered`) are made from them when asked for, so a
    step builds no 4-element array it does not read.

    Attributes:
        fills: Filled signed face per batch, same shapes and order as the batches. A batch
            filled in full is its own fill (the same array, not a copy): read, don't modify.
        client_net_bn: Net client flow per bucket ($bn; + clients bought).
        rationed_bn: Face of orders left unfilled per bucket because dealers were full.
        capped_bn: Face of sells refused because the sender did not hold it.
        filled_net: Filled face per bucket for each batch (the fills' bucket sums, four
            floats), so callers need not sum large fill matrices again.
        offered_bn: Face dealers tendered to (+) or bought from (-) the Fed's operations per
            bucket.

    """

    fills: list[np.ndarray]
    client_net_bn: list[float]
    rationed_bn: list[float]
    capped_bn: list[float]
    filled_net: list[list[float]] = field(default_factory=list)
    offered_bn: list[float] = field(default_factory=lambda: [0.0] * N_BUCKETS)

    @property
    def client_net(self) -> np.ndarray:
        """Net client flow per bucket ($bn; + clients bought)."""
        return np.array(self.client_net_bn)

    @property
    def dealer_trade_bn(self) -> list[float]:
        """Face dealers bought per bucket (= -client_net), as four floats."""
        return [-c for c in self.client_net_bn]

    @property
    def dealer_trade(self) -> np.ndarray:
        """Face dealers bought per bucket (= -client_net)."""
        return np.array(self.dealer_trade_bn)

    @property
    def rationed(self) -> np.ndarray:
        """Face of orders left unfilled per bucket because dealers were full."""
        return np.array(self.rationed_bn)

    @property
    def capped(self) -> np.ndarray:
        """Face of sells refused because the sender did not hold it."""
        return np.array(self.capped_bn)

    @property
    def offered(self) -> np.ndarray:
        """Face dealers tendered to (+) or bought from (-) the Fed's operations per bucket."""
        return np.array(self.offered_bn)


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
        bid_widening: How much richer the Fed bids for an unfilled amount than dealers quote
            the same inventory: it raises its bid until its schedule fills.
        offer_depth_bn: Face clients offer into the Fed's operations through dealers in a day
            beyond dealers' own positions, across buckets ($bn): dealers tender it and cover
            from clients later, so it becomes inventory of the opposite sign.

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
    bid_widening: float = 1.0
    offer_depth_bn: float = 0.0

    def utilization(self, inventory: np.ndarray | None = None) -> float:
        """Share of dealer capacity in use (10y-equivalent absolute inventory)."""
        inv = self.inventory if inventory is None else inventory
        return self._utilization_of(inv.tolist())

    def _utilization_of(self, inventory: list[float]) -> float:
        """`utilization` of inventory given as four floats (numpy's sum order: left to right)."""
        i0, i1, i2, i3 = inventory
        w0, w1, w2, w3 = self.ten_year_weights.tolist()
        return (abs(i0 * w0) + abs(i1 * w1) + abs(i2 * w2) + abs(i3 * w3)) / self.capacity_bn

    def strain(self) -> float:
        """Multiplier on impact: 1 when dealers are empty, rising sharply near capacity."""
        u = min(self.utilization(), MAX_STRAIN)
        return 1.0 + self.strain_coefficient * u * u / (1.0 - u)

    def clear(self, batches: list[OrderBatch]) -> ClearingResult:
        """Fill a round of orders, moving the imbalance onto dealers' books.

        Discretionary and must-fill orders clear first; then reverse-auction batches (the
        Fed's operations) fill against what dealers hold after that and what clients offer
        through them: purchases take at most dealers' long positions plus `offer_depth_bn`
        a day (dealers sell it short and buy it back from clients later), sales at most
        their short positions plus the same depth, and the depth only as far as dealers'
        balance sheets have room (`_operation_sizes`). An operation larger than that carries over.

        Per-bucket figures are lists of four floats (numpy calls on 4-element arrays cost far
        more than their arithmetic), each loop one pass over the buckets with numpy's
        operations in numpy's order; fund-sized orders stay arrays.

        Args:
            batches: Every order batch of the step.

        Returns:
            The fills per batch and the flows that price formation needs.

        """
        capped = [0.0] * N_BUCKETS
        orders, nets, firm, discretionary, tenders = [], [], [], [], []
        for batch in batches:
            if batch.face.shape[1] == 1:  # one holder: its column is its bucket sum
                face, face_net = _cap_single(batch, capped)
            else:
                face, face_net = self._cap(batch, capped)
            orders.append(face)
            nets.append(face_net)
            if batch.must_fill:
                firm.append(face_net)
            elif batch.reverse_auction:
                tenders.append((face, face_net))
            else:
                discretionary.append((face, face_net))
        must = bucket_totals(firm)
        net = bucket_totals(face_net for _, face_net in discretionary)
        base = [i - m for i, m in zip(self.inventory.tolist(), must, strict=True)]
        rationing = False
        if self._utilization_of([a - n for a, n in zip(base, net, strict=True)]
                                ) <= self.max_utilization:
            # Everything fits: every discretionary order fills in full, so dealers take the
            # net of them, and the buys and sells need not be summed apart.
            allowed_net = net
        else:
            buys = bucket_totals(self._buys(face, face_net) for face, face_net in discretionary)
            sells = [b - n for b, n in zip(buys, net, strict=True)]
            heavy_fill = self._heavy_fill(buys, sells, base)
            rationing = any(h < 1.0 for h in heavy_fill)
            buy_fill = [h if b >= s else 1.0 for h, b, s in zip(heavy_fill, buys, sells,
                                                                strict=True)]
            sell_fill = [h if s > b else 1.0 for h, b, s in zip(heavy_fill, buys, sells,
                                                                strict=True)]
            allowed_net = [b * b_fill - s * s_fill for b, s, b_fill, s_fill in zip(
                buys, sells, buy_fill, sell_fill, strict=True)]
        # Reverse auctions: dealers tender their long positions, bid for their short ones.
        bought = [self._buys(face, face_net) for face, face_net in tenders]
        bids = bucket_totals(bought)
        offers = bucket_totals([t - f for t, f in zip(bid, face_net, strict=True)]
                               for bid, (_, face_net) in zip(bought, tenders, strict=True))

        op_buy_fill, op_sell_fill, offered, pending = [], [], [], []
        client_net, inventory, rationed = [], [], []
        afters = [held - (allowed + firm_net) for held, allowed, firm_net in zip(
            self.inventory.tolist(), allowed_net, must, strict=True)]
        operations = self._operation_sizes(afters, bids, offers)
        for discretionary_net, allowed, firm_net, after, bid, offer, (op_buy, op_sell) in zip(
                net, allowed_net, must, afters, bids, offers, operations, strict=True):
            crossed = min(bid, offer)  # buys and sells of one bucket net off first
            op_buy_fill.append((crossed + op_buy) / bid if bid > 0 else 0.0)
            op_sell_fill.append((crossed + op_sell) / offer if offer > 0 else 0.0)
            operation = op_buy - op_sell
            offered.append(operation)
            pending.append((bid - crossed - op_buy) - (offer - crossed - op_sell))
            client_net.append(allowed + firm_net + operation)
            inventory.append(after - operation)
            rationed.append(abs(discretionary_net - allowed))
        self.pending_bn = np.array(pending)
        self.inventory = np.array(inventory)

        fills, filled_net = [], []
        for batch, face, face_net in zip(batches, orders, nets, strict=True):
            if batch.reverse_auction:
                fill, fill_net = _scaled(face, face_net, op_buy_fill, op_sell_fill)
            elif batch.must_fill or not rationing:
                fill, fill_net = face, face_net  # filled in full: the (capped) orders themselves
            else:
                # Buys at the buy ratio, the rest at the sell ratio; a many-holder batch's
                # orders (handed over, see OrderBatch) are scaled in place.
                fill, fill_net = _scaled(face, face_net, buy_fill, sell_fill, in_place=True)
            fills.append(fill)
            filled_net.append(fill_net)
        return ClearingResult(fills=fills, client_net_bn=client_net, rationed_bn=rationed,
                              capped_bn=capped, filled_net=filled_net, offered_bn=offered)

    def _operation_sizes(self, afters: list[float], bids: list[float],
                         offers: list[float]) -> list[tuple[float, float]]:
        """What the Fed's operations buy and sell today in each bucket ($bn face).

        Dealers' own positions fill them first: their longs are tendered to purchases, their
        shorts covered by sales, whatever the room (it frees balance sheet). Clients offer
        (or bid) up to `offer_depth_bn` a day through dealers beyond that, shared across
        buckets in proportion to the operations' net sizes. That part leaves dealers short
        (or long) until they cover: it is balance sheet like any position, so it is taken
        only while utilisation stays within `max_utilization`.

        Args:
            afters: Dealers' inventory by bucket after the day's client orders ($bn face).
            bids: The operations' purchases by bucket ($bn face).
            offers: The operations' sales by bucket ($bn face).

        Returns:
            (bought, sold) by bucket, each net of what the bucket's bids and offers cross.

        """
        sizes = [abs(bid - offer) for bid, offer in zip(bids, offers, strict=True)]
        total = sum(sizes)
        if total <= 0.0:  # no operation today
            return [(0.0, 0.0)] * len(bids)
        own, full, own_after, beyond = [], [], [], 0.0
        for after, bid, offer, size, weight in zip(afters, bids, offers, sizes,
                                                    self.ten_year_weights.tolist(), strict=True):
            depth = self.offer_depth_bn * size / total
            buy, sell = max(bid - offer, 0.0), max(offer - bid, 0.0)
            own_buy, own_sell = min(buy, max(after, 0.0)), min(sell, max(-after, 0.0))
            full_buy = min(buy, max(after, 0.0) + depth)
            full_sell = min(sell, max(-after, 0.0) + depth)
            own.append((own_buy, own_sell))
            full.append((full_buy, full_sell))
            own_after.append(after - (own_buy - own_sell))
            beyond += ((full_buy - own_buy) + (full_sell - own_sell)) * weight
        if beyond <= 0.0:
            return full
        room = (self.max_utilization - self._utilization_of(own_after)) * self.capacity_bn
        share = min(1.0, max(0.0, room) / beyond)
        if share >= 1.0:
            return full
        # Dealers' room, not clients, limits the depth today.
        return [(own_buy + share * (full_buy - own_buy), own_sell + share * (full_sell - own_sell))
                for (own_buy, own_sell), (full_buy, full_sell) in zip(own, full, strict=True)]

    def _cap(self, batch: OrderBatch, capped: list[float]) -> tuple[np.ndarray, list[float]]:
        """A many-holder batch's orders capped at holdings, with their net sums per bucket.

        A many-holder batch hands its orders over: a binding cap (a fund selling more than it
        holds) is applied to `batch.face` in place, and the work array is reused from step
        to step, so a cohort of a million funds adds no (4, n) temporaries beyond its orders.
        Large batches are worked one bucket row at a time (a work row, not a work matrix).
        What the cap refused is added to `capped`.
        """
        face = batch.face
        face_net = bucket_sums(face).tolist()
        if batch.available is None:
            return face, face_net
        # Sells are capped at what the sender holds: nobody shorts here.
        rows = face.shape[1] > ROW_WISE_ABOVE
        work = self._work_array((face.shape[1],) if rows else face.shape)
        pairs = zip(face, batch.available, strict=True) if rows else [(face, batch.available)]
        binding = False
        for orders, held in pairs:
            # An order sells more than is held when orders + held < 0: a sum of two floats is
            # negative exactly when its exact value is, so this is `orders < -held`, found
            # with a sum and its minimum (two passes where the negation, the comparison and
            # its `any` take three).
            if np.add(orders, held, out=work).min() < 0.0:
                np.maximum(orders, np.negative(held, out=work), out=orders)
                binding = True
        if binding:
            raw_net = face_net
            face_net = bucket_sums(face).tolist()
            capped[:] = [c + (f - r) for c, f, r in zip(capped, face_net, raw_net, strict=True)]
        return face, face_net

    def _buys(self, face: np.ndarray, face_net: list[float]) -> list[float]:
        """The buy orders' face per bucket: the sums of max(face, 0).

        Needed when dealers are full (the heavy side is rationed) and for the bids of a
        reverse auction (the Fed's purchases). Buys are
        max(face, 0) = (face + |face|) / 2, exactly (doubling and halving are exact), and
        summed doubled then halved: the same floats as summing the maxima, in two plain passes
        where np.maximum against a scalar takes numpy's buffered path (callgrind: 41k against
        53k instructions for 3,600 orders). A one-holder batch's column is its sums.
        """
        if face.shape[1] == 1:
            return _positive(face_net)
        if face.shape[1] > ROW_WISE_ABOVE:
            work = self._work_array((face.shape[1],))
            doubled = [float(np.add(row, np.abs(row, out=work), out=work).sum()) for row in face]
        else:
            work = self._work_array(face.shape)
            doubled = bucket_sums(np.add(face, np.abs(face, out=work), out=work)).tolist()
        return [d * 0.5 for d in doubled]

    def _work_array(self, shape: tuple[int, ...]) -> np.ndarray:
        """A reusable work array: a view of one buffer sized for the largest request."""
        size = math.prod(shape)
        buffer = self.__dict__.get("_work")
        if buffer is None or buffer.size < size:
            buffer = self._work = np.empty(size)
        return buffer[:size].reshape(shape)

    def __getstate__(self) -> dict:
        """Drop the work buffer from pickles: it holds nothing between steps."""
        state = dict(self.__dict__)
        state.pop("_work", None)
        return state

    def _heavy_fill(self, buys: list[float], sells: list[float],
                    base: list[float]) -> list[float]:
        """Per-bucket fill of the heavier side of discretionary orders (bisection).

        Called when the discretionary orders do not all fit. Where the imbalance would
        enlarge dealers' positions, the heavy side is cut by one common factor, as far as
        refusing it entirely but never so far that dealers' position crosses zero, until
        utilisation (with must-fill supply on the books, `base` = inventory - must-fill) is
        within `max_utilization`. If even that is not enough, the remainder is the auction
        tail.
        """
        net = [b - s for b, s in zip(buys, sells, strict=True)]
        sells_heavy = [s > b for b, s in zip(buys, sells, strict=True)]
        lowest, enlarging = [], []
        for a, n, b, s, sh in zip(base, net, buys, sells, sells_heavy, strict=True):
            heavy = s if sh else b
            safe = heavy if heavy > 0 else 1.0
            # The fill at which dealers' position would reach zero: below it they would flip.
            zero_fill = (b - a) / safe if sh else (a + s) / safe
            lowest.append(min(max(zero_fill, 0.0), 1.0))
            enlarging.append(abs(a - n) > abs(a) and heavy > 0)

        def fills_at(t: float) -> list[float]:
            return [lo + t * (1.0 - lo) if e else 1.0
                    for lo, e in zip(lowest, enlarging, strict=True)]

        def inventory_at(t: float) -> list[float]:
            return [a - (b - f * s if sh else f * b - s)
                    for a, b, s, sh, f in zip(base, buys, sells, sells_heavy, fills_at(t),
                                              strict=True)]

        low, high = 0.0, 1.0
        for _ in range(40):
            mid = (low + high) / 2.0
            if self._utilization_of(inventory_at(mid)) <= self.max_utilization:
                low = mid
            else:
                high = mid
        return fills_at(low)

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
        prices, yields = self.quote_of(fundamental_yields.tolist(), client_net.tolist(),
                                       vol_multiplier)
        return np.array(prices), np.array(yields)

    def quote_of(self, fundamental_yields: list[float], client_net: list[float],
                 vol_multiplier: float = 1.0) -> tuple[list[float], list[float]]:
        """`quote` in floats: one pass over the buckets, numpy's operations in its order.

        Raises:
            StateError: A fundamental or quoted yield the bond arithmetic cannot price.

        """
        check_priceable(fundamental_yields)
        strain = self.strain()
        coefficient, decay = self.impact_coefficient, self.impact_decay
        per_100bn = self.pressure_bp_per_100bn
        widening = self.bid_widening
        fundamental_prices, durations = self.curve.prices_and_durations_of(fundamental_yields)
        flow_impact, prices, guesses = [], [], []
        for (net, calm, volume, impact, inventory, pending, weight, price, duration,
             fundamental) in zip(
                client_net, CALM_VOL_BP.tolist(), self.volume_bn.tolist(),
                self.flow_impact_bp.tolist(), self.inventory.tolist(), self.pending_bn.tolist(),
                self.ten_year_weights.tolist(), fundamental_prices, durations,
                fundamental_yields, strict=True):
            sqrt_impact = coefficient * calm * vol_multiplier * math.sqrt(abs(net) / volume)
            sign = 1.0 if net > 0 else -1.0 if net < 0 else 0.0
            impact = impact * decay - sign * sqrt_impact * strain
            inventory_bp = per_100bn * (inventory - widening * pending) * weight / 100.0 * strain
            pressure_pct = (inventory_bp + impact) / 100.0
            concession = min(max(duration * pressure_pct / 100.0, -MAX_CONCESSION),
                             MAX_CONCESSION)
            flow_impact.append(impact)
            prices.append(price * (1.0 - concession))
            # The concession is the pressure times the duration, so to first order the quoted
            # yield is the fundamental one plus the pressure: Newton's start, one iteration
            # from the root (2-3 iterations where the fundamental yield takes 3-4).
            guesses.append(fundamental + pressure_pct)
        self.flow_impact_bp = np.array(flow_impact)
        yields = self.curve.yields_of(prices, guesses)
        check_priceable(yields, "quoted")
        floor = self.yield_floor_pct
        if any(y < floor for y in yields):
            # Below the floor investors hold cash instead: no bond is bid through it.
            yields = [max(y, floor) for y in yields]
            prices = self.curve.prices_of(yields)
        return prices, yields


def _cap_single(batch: OrderBatch, capped: list[float]) -> tuple[np.ndarray, list[float]]:
    """A one-holder batch's orders capped at its holdings, with their net face per bucket.

    Its column is its bucket sum, so the sums are the four floats themselves. The orders are
    the batch's own array unless the cap binds (then a capped copy); what the cap refused is
    added to `capped`.
    """
    face = batch.face
    face_net = face.ravel().tolist()
    if batch.available is not None:
        held = batch.available.ravel().tolist()
        (f0, f1, f2, f3), (h0, h1, h2, h3) = face_net, held
        if f0 < -h0 or f1 < -h1 or f2 < -h2 or f3 < -h3:
            # Sells are capped at what the sender holds: nobody shorts here.
            raw_net = face_net
            face_net = [max(f, -h) for f, h in zip(raw_net, held, strict=True)]
            capped[:] = [c + (f - r) for c, f, r in zip(capped, face_net, raw_net, strict=True)]
            face = np.array(face_net).reshape(N_BUCKETS, 1)
    return face, face_net


def _positive(face: list[float]) -> list[float]:
    """The buys among four orders: `np.maximum(face, 0.0)` in floats.

    Spelt out: a comprehension costs more than the four comparisons.
    """
    f0, f1, f2, f3 = face
    return [0.0 if f0 < 0.0 else f0, 0.0 if f1 < 0.0 else f1, 0.0 if f2 < 0.0 else f2,
            0.0 if f3 < 0.0 else f3]


def _scaled(face: np.ndarray, face_net: list[float], buy_fill: Sequence[float],
            sell_fill: Sequence[float], in_place: bool = False) -> tuple[np.ndarray, list[float]]:
    """Orders filled at one ratio per bucket for buys and another, with their bucket sums.

    A one-holder batch is worked in floats (its column is its sums) and gets a new array; a
    many-holder batch is scaled in place when `in_place` (its orders are handed over).
    """
    if face.shape[1] == 1:
        fill_net = [f * b if f > 0 else f * s
                    for f, b, s in zip(face_net, buy_fill, sell_fill, strict=True)]
        return np.array(fill_net).reshape(N_BUCKETS, 1), fill_net
    buying = face > 0
    fill = face if in_place else np.empty_like(face)
    np.multiply(face, np.array(sell_fill)[:, None], out=fill, where=~buying)
    np.multiply(face, np.array(buy_fill)[:, None], out=fill, where=buying)
    return fill, bucket_sums(fill).tolist()
