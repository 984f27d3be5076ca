"""Bondholders: each type observes public state and its own book and emits orders."""
