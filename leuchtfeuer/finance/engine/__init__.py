"""Finance simulator engine: pure Python/numpy, no Django.

A fixed pot of a Land is distributed over its Gemeinden by a need measure (weighted sum of
criteria, each normalised as the Gemeinde's share of the Land total), rounded to the cent by the
largest-remainder method in exact integer arithmetic, optionally within a floor and a cap per
Gemeinde relative to the status quo. Fed plain arrays by `finance.services`; vectorised over all
Gemeinden of Germany at once (`groups` = one index per Land). The model is documented in
docs/finance.md.
"""
