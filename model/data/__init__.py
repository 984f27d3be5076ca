"""Public data shipped with the model (FRED yields, TIC holders), each with its source."""
