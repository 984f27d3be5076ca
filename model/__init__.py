"""yieldsim's model: market, instruments, events and scenarios, data, and ways to run it."""
