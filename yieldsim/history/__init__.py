"""`yieldsim history`: real episodes run with one parameter set and compared with the data."""
