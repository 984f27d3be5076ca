"""The bond pain a sovereign's sale would cause: the model's own response, fitted (issue 23).

The administration prices a threatened sale by what the model says such a sale does to the
bond market it watches: its bond channel (the 10y above its warning line, the 10y's 5-day
rise, dealer strain), at its default coefficients, at the worst day. The response was
measured in paired japan-sells-type runs (`python -m yieldsim.calibration.threat`: Japan sells
S over D days from a calm market, or from one whose dealers an earlier sale has filled to
utilisation u; the same seed without Japan's sale is the pair) and fitted as a second-order
response surface in the logs:

    ln pain = b0 + b1 x + b2 y + b3 u + b4 x^2 + b5 y^2 + b6 u^2 + b7 x y + b8 x u + b9 y u,
    x = ln(S / $100bn), y = ln(D / 21 days), u = dealer utilisation the day before.

Where the quadratic turns down in size inside the measured box (fast sales into full dealers)
it holds its peak, so a bigger sale never hurts less. Outside the measured ranges it does not
extrapolate the quadratic: a smaller sale than the
smallest measured scales down in proportion (no sale, no pain); a larger one, a faster or
slower one, or dealers fuller or emptier than measured take the nearest edge. Beyond the
measured utilisations the Fed's backstop (at 90%) takes much of any sale, and the response
falls; the surface does not claim to know by how much.
"""

from __future__ import annotations

import math

from model.threat_fit import SALE_PAIN_FIT


def sale_pain(size_bn: float, days: float, utilization: float) -> float:
    """The bond pain (bp-equivalents) a sale of `size_bn` over `days` would add at its worst.

    Args:
        size_bn: Face sold, $bn.
        days: Trading days it is spread over.
        utilization: Dealers' balance-sheet use when it starts (0-1).

    """
    if size_bn <= 0.0:
        return 0.0
    lo_size, hi_size = SALE_PAIN_FIT["size_bn"]
    scale = min(1.0, size_bn / lo_size)
    x = math.log(min(max(size_bn, lo_size), hi_size) / 100.0)
    y = math.log(min(max(days, SALE_PAIN_FIT["days"][0]), SALE_PAIN_FIT["days"][1]) / 21.0)
    u = min(max(utilization, SALE_PAIN_FIT["utilization"][0]), SALE_PAIN_FIT["utilization"][1])
    b = SALE_PAIN_FIT["coefficients"]
    if b[4] < 0.0:
        # A bigger sale never hurts less: where the fitted quadratic turns down in size (fast
        # sales into full dealers, near the backstop), the surface holds its peak.
        x = min(x, max(-(b[1] + b[7] * y + b[8] * u) / (2.0 * b[4]), math.log(lo_size / 100.0)))
    terms = (1.0, x, y, u, x * x, y * y, u * u, x * y, x * u, y * u)
    log_pain = math.fsum(c * t for c, t in zip(b, terms, strict=True))
    return scale * math.exp(log_pain)
