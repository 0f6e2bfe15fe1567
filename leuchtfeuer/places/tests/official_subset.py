"""Real official data for tests: a few Kreise, their Länder and the Bund, parsed once and cached."""

from __future__ import annotations

# --------------------------------------------------------------------------------------------
# Real official data for a few Kreise (Mecklenburgische Seenplatte with Malchin, Vorpommern-
# Greifswald with Loitz, Schmalkalden-Meiningen with Schmalkalden, Saalekreis with Leuna) plus
# their Länder and the Bund.
# Parsing the official files takes ~40 s, so the parsed subset is cached in var/test-cache
# (keyed by the data fingerprint) and loaded once per test session.
# --------------------------------------------------------------------------------------------
TEST_KREISE = ("13071", "13075", "16066", "15088")


def _import_command_module():
    import importlib

    return importlib.import_module("leuchtfeuer.places.management.commands.import-official")


def _official_subset_rows():
    import pickle
    from pathlib import Path

    from django.conf import settings

    from leuchtfeuer.places.importers import official

    steps_module = _import_command_module()

    base = settings.OFFICIAL_DATA_DIR
    cache_dir = Path(settings.BASE_DIR) / "var" / "test-cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    kreise = "-".join(TEST_KREISE)
    path = cache_dir / f"official-subset-{steps_module.fingerprint(base)[:16]}-{kreise}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())  # noqa: S301 — our own cache file

    def keep(row) -> bool:
        key = row.region
        return key[:5] in TEST_KREISE or len(key) <= 2 or key in ("0", "DG")

    ctx = official.build_context(base)
    population = [r for r in official.build_population_series(ctx) if keep(r)]
    ages, vital, pop_rs = official.build_regionalstatistik(ctx)
    z_ages, z_pop = official.build_zensus2022(ctx)
    census = [r for r in official.build_zensus2022_tables(ctx) if keep(r)]
    k_ages, k_pop = official.build_kreise_2024(ctx)
    boundaries = [r for r in official.build_boundaries(ctx) if keep(r)]
    rows = {
        "population": population,
        "rs": ([r for r in ages if keep(r)], [r for r in vital if keep(r)], [r for r in pop_rs if keep(r)]),
        "z22": ([r for r in z_ages if keep(r)], [r for r in z_pop if keep(r)]),
        "census": census,
        "k24": ([r for r in k_ages if keep(r)], [r for r in k_pop if keep(r)]),
        "boundaries": boundaries,
    }
    path.write_bytes(pickle.dumps(rows))
    return rows


def load_official_subset() -> None:
    from datetime import date

    from django.conf import settings

    from leuchtfeuer.places.importers import official
    from leuchtfeuer.places.importers.gv import read_gemeindeverzeichnis
    from leuchtfeuer.places.importers.zensus2022_tables import TABLES
    from leuchtfeuer.places.loader import load_regions, load_statistics

    rs_age_sources = _import_command_module().RS_AGE_SOURCES
    rows = _official_subset_rows()
    load_regions(
        read_gemeindeverzeichnis(settings.OFFICIAL_DATA_DIR / official.GV_CURRENT, date(2023, 12, 31)),
        source="test",
    )
    load_statistics(
        source="test",
        population=rows["population"],
        population_sources=("gv", "12411-01-01-5", "12411-01-01-4"),
    )
    ages, vital, pop_rs = rows["rs"]
    load_statistics(
        source="test", ages=ages, age_sources=rs_age_sources, vital=vital, population=pop_rs,
        population_sources=("12111-02-01-5",),
    )  # fmt: skip
    z_ages, z_pop = rows["z22"]
    load_statistics(
        source="test",
        ages=z_ages,
        age_sources=("zensus2022",),
        population=z_pop,
        population_sources=("zensus2022",),
    )
    load_statistics(
        source="test",
        census=rows["census"],
        census_sources=tuple(f"zensus2022-{t.key}" for t in TABLES),
    )
    k_ages, k_pop = rows["k24"]
    load_statistics(
        source="test",
        ages=k_ages,
        age_sources=(official.KREISE_2024_SOURCE,),
        population=k_pop,
        population_sources=(official.KREISE_2024_SOURCE,),
    )
    load_statistics(source="test", boundaries=rows["boundaries"])
