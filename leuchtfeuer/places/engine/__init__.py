"""Pure computation for the Kommunalprofil: indicators and peer groups.

Plain Python and numpy only — no Django. A service reads the database and feeds these modules
plain dataclasses and arrays (see ``indicators.RegionData`` and ``peers.PeerInput``).
"""
