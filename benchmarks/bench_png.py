"""How long writing the run picture's PNG takes: Pillow (matplotlib's `savefig`) against ours.

Run with `.venv/bin/python benchmarks/bench_png.py [--rounds N]`. It prints figures and asserts
nothing; `tests/test_pngfile.py` checks that both files decode to the same pixels.

Both write the default run's picture (liberation-day-2025, seed 7) from the same RGBA pixels
at zlib level 1: Pillow as `matplotlib.image.imsave` calls it (which `savefig` does), with
its per-row search over PNG's five filters; `yieldsim.pngfile` with no row filter.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

import matplotlib.image

from model.yieldmodel import YieldModel
from yieldsim.plot import DPI, figure_pixels, run_figure
from yieldsim.pngfile import COMPRESS_LEVEL, png_bytes


def main() -> None:
    """Time both writers, interleaved, and print medians and file sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    model = YieldModel(scenario="liberation-day-2025", rng=7)
    model.run()
    pixels = figure_pixels(run_figure(model.timeseries(), "liberation-day-2025, seed 7"))
    pillow_ms, ours_ms = [], []
    for _ in range(rounds):
        sink = io.BytesIO()
        start = time.perf_counter()
        matplotlib.image.imsave(sink, pixels, format="png", dpi=DPI,
                                pil_kwargs={"compress_level": COMPRESS_LEVEL})
        pillow_ms.append(1e3 * (time.perf_counter() - start))
        start = time.perf_counter()
        ours = png_bytes(pixels, DPI, "bench")
        ours_ms.append(1e3 * (time.perf_counter() - start))
    height, width, _ = pixels.shape
    print(f"run picture {width} x {height} RGBA, {rounds} rounds, medians:")
    print(f"  Pillow (savefig's writer): {statistics.median(pillow_ms):6.1f} ms, "
          f"{sink.tell():,} bytes")
    print(f"  yieldsim.pngfile:          {statistics.median(ours_ms):6.1f} ms, "
          f"{len(ours):,} bytes")


if __name__ == "__main__":
    main()
