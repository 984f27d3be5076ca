"""yieldsim's simulation: the Mesa model, market, instruments, events, scenarios and parameters."""
