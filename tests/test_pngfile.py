"""The picture's PNG writer: any reader decodes exactly the pixels written, at their dpi."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from yieldsim.pngfile import png_bytes, write_png

SHAPES = st.tuples(st.integers(1, 40), st.integers(1, 40), st.just(4))


@settings(max_examples=60, deadline=None)
@given(arrays(np.uint8, SHAPES))
def test_pillow_decodes_exactly_the_pixels_written(pixels: np.ndarray) -> None:
    image = Image.open(io.BytesIO(png_bytes(pixels, 110, "test")))
    image.load()  # reads every chunk: a wrong CRC or a short IDAT raises here
    assert image.mode == "RGBA"
    np.testing.assert_array_equal(np.asarray(image), pixels)


def test_the_file_says_its_resolution_and_what_drew_it(tmp_path: Path) -> None:
    path = tmp_path / "p.png"
    write_png(np.full((3, 5, 4), 255, np.uint8), path, 110, "yieldsim, Matplotlib 9")
    with Image.open(path) as image:
        assert image.size == (5, 3)
        assert image.info["dpi"] == pytest.approx((110, 110), abs=0.01)
        assert image.info["Software"] == "yieldsim, Matplotlib 9"


@pytest.mark.parametrize("pixels", [np.zeros((2, 2, 3), np.uint8), np.zeros((2, 2, 4), float)])
def test_pixels_that_are_not_rgba_bytes_are_refused(pixels: np.ndarray) -> None:
    with pytest.raises(ValueError, match="uint8"):
        png_bytes(pixels, 110, "test")
