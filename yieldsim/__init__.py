"""yieldsim: the user-facing API, CLI, sweeps, calibration and live view."""
