"""Package data: the FRED daily market series the history episodes are compared with."""
