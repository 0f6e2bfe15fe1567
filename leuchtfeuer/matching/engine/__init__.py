"""Pure matching computations for the Matching-Agentur (issue 17): numpy/scipy, no Django.

- ``scoring``: hard filters and weighted criteria for seekers × spaces, with German reasons.
- ``assignment``: "ohne anderen etwas wegzunehmen" — maximise total fit under capacities (HiGHS).
- ``geo``: vectorised great-circle distances.
- ``verbund``: proposals of neighbouring towns that together fit one shared specialist post.
- ``compensation``: gravity-model shares of expected commuters and of a compensation amount.

Services in the Django app turn model rows into the dataclasses here; nothing here reads a database.
"""
