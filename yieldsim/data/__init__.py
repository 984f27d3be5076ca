"""Public data shipped with yieldsim (FRED daily market series for the history suite)."""
