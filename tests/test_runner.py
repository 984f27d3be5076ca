"""The run folder's provenance: the versions a manifest records are the installed ones."""

from __future__ import annotations

from importlib import metadata

import pytest

from yieldsim.runner import PACKAGES, installed_version, package_versions
from yieldsim.sweeps.session import SWEEP_PACKAGES


@pytest.mark.parametrize("name", [*PACKAGES, *SWEEP_PACKAGES, "pytest", "yieldsim"])
def test_a_version_read_from_the_metadata_header_is_the_one_importlib_reports(name: str) -> None:
    assert installed_version(name) == metadata.version(name)


def test_a_package_that_is_not_installed_is_recorded_as_missing() -> None:
    with pytest.raises(metadata.PackageNotFoundError):
        installed_version("no-such-distribution-yieldsim")
    assert package_versions(("no-such-distribution-yieldsim",))[
        "no-such-distribution-yieldsim"] == "missing"
