"""Trading-day conventions shared by the model.

They live apart from the holiday calendar so that modules which only convert paces need not
import pandas.

252 trading days a year and 252 / 12 = 21 a month: the convention for converting yearly and
monthly paces (carry, runoff caps, issuance, diversification) to daily ones; the US bond
market has 249-252 trading days a year (SIFMA holiday schedule).
"""

TRADING_DAYS_PER_YEAR = 252
TRADING_DAYS_PER_MONTH = TRADING_DAYS_PER_YEAR / 12
