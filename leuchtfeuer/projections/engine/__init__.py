"""Projection engine: pure Python/numpy, no Django.

Fed a `Snapshot` (official figures cut at a base year) by a service; everything here is
testable without a database and vectorised over all Gemeinden at once.
"""
