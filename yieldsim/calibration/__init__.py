"""Calibration to published elasticities and the April 2025 week, and validation against them."""
