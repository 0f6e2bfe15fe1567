"""One importer per official source: each turns a file as published into plain rows.

Importers do not touch the database; `leuchtfeuer.places.loader` writes their rows.
"""
