"""The pabulib `.pb` format (https://pabulib.org/format): reading via pabutools, writing here.

A `.pb` file has three `;`-separated sections: META (key;value), PROJECTS (project_id;cost;…) and
VOTES (voter_id;vote[;points];…). We read with pabutools' own parser (so that what we count is
exactly what pabutools counts) and convert into small dataclasses the rest of the app can use
without knowing pabutools. Writing is our own, so that a budget held in the database can be
exported for anyone to recount with any pabulib tool.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")


class PabulibError(ValueError):
    """A `.pb` file or election that cannot be read or written; message in German."""


@dataclass(frozen=True)
class PBProject:
    id: str
    cost: Fraction
    name: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class PBBallot:
    """One ballot. `projects` in the voter's order (for approval the order carries no meaning);
    `points` parallel to `projects` for cumulative/scoring ballots, else None."""

    projects: tuple[str, ...]
    points: tuple[Fraction, ...] | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass
class PBElection:
    vote_type: str
    budget: Fraction
    projects: list[PBProject]
    ballots: list[PBBallot]
    meta: dict[str, str] = field(default_factory=dict)

    def project(self, project_id: str) -> PBProject:
        for project in self.projects:
            if project.id == project_id:
                return project
        raise KeyError(project_id)

    def validate(self) -> None:
        """Raise PabulibError (German) if the election is inconsistent."""
        if self.vote_type not in VOTE_TYPES:
            raise PabulibError(f"Unbekannte Stimmart „{self.vote_type}“ (erlaubt: {', '.join(VOTE_TYPES)}).")
        if self.budget <= 0:
            raise PabulibError("Das Budget muss größer als 0 sein.")
        ids = [p.id for p in self.projects]
        if len(ids) != len(set(ids)):
            raise PabulibError("Eine Projektnummer kommt mehrfach vor.")
        known = set(ids)
        for project in self.projects:
            if project.cost < 0:
                raise PabulibError(f"Projekt {project.id}: Die Kosten dürfen nicht negativ sein.")
        for number, ballot in enumerate(self.ballots, start=1):
            unknown = [pid for pid in ballot.projects if pid not in known]
            if unknown:
                raise PabulibError(f"Stimmzettel {number}: unbekanntes Projekt {', '.join(unknown)}.")
            if len(set(ballot.projects)) != len(ballot.projects):
                raise PabulibError(f"Stimmzettel {number}: ein Projekt steht mehrfach darauf.")
            if self.vote_type in ("cumulative", "scoring") and (
                ballot.points is None or len(ballot.points) != len(ballot.projects)
            ):
                raise PabulibError(f"Stimmzettel {number}: Punkte und Projekte passen nicht zusammen.")


def _fraction(text: str) -> Fraction:
    return Fraction(str(text).strip().replace(",", "."))


def _number_text(value: Fraction) -> str:
    """Integers without decimals; other values as exact decimals where possible."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    as_float = float(value)
    if Fraction(repr(as_float)) == value:
        return repr(as_float)
    return f"{as_float:.6f}".rstrip("0").rstrip(".")


def read_pb(path: str | Path) -> PBElection:
    """Read a `.pb` file with pabutools' `parse_pabulib` and convert it."""
    from pabutools.election import parse_pabulib

    try:
        instance, profile = parse_pabulib(str(path))
    except FileNotFoundError:
        raise PabulibError(f"Die Datei {path} gibt es nicht.") from None
    except (KeyError, ValueError, IndexError, NotImplementedError) as exc:
        raise PabulibError(f"Die Datei {path} ist keine gültige pabulib-Datei ({exc}).") from exc
    return from_pabutools(instance, profile)


def read_pb_text(text: str) -> PBElection:
    from pabutools.election.pabulib import parse_pabulib_from_string

    try:
        instance, profile = parse_pabulib_from_string(text)
    except (KeyError, ValueError, IndexError, NotImplementedError) as exc:
        raise PabulibError(f"Der Text ist keine gültige pabulib-Datei ({exc}).") from exc
    return from_pabutools(instance, profile)


def from_pabutools(instance: Any, profile: Any) -> PBElection:  # pabutools has no type hints
    vote_type = instance.meta.get("vote_type", "approval")
    order = {}
    projects = []
    # Keep the file's project order: pabutools' Instance is a set, project_meta keeps insertion order.
    for index, (project, meta) in enumerate(instance.project_meta.items()):
        order[project.name] = index
        extra = {k: v for k, v in meta.items() if k not in ("project_id", "cost", "name")}
        if "categories" in extra:
            extra["categories"] = ",".join(sorted(meta["categories"]))
        if "targets" in extra:
            extra["targets"] = ",".join(sorted(meta["targets"]))
        projects.append(
            PBProject(
                id=project.name, cost=Fraction(str(project.cost)), name=meta.get("name", ""), extra=extra
            )
        )
    ballots = []
    for ballot in profile:
        extra = {k: str(v) for k, v in (ballot.meta or {}).items()}
        if vote_type == "ordinal":
            ids = tuple(p.name for p in ballot)
            ballots.append(PBBallot(ids, None, extra))
        elif vote_type in ("cumulative", "scoring"):
            ids = tuple(sorted((p.name for p in ballot), key=lambda name: order.get(name, 0)))
            points = tuple(Fraction(str(ballot[instance.get_project(pid)])) for pid in ids)
            ballots.append(PBBallot(ids, points, extra))
        else:
            ids = tuple(sorted((p.name for p in ballot), key=lambda name: order.get(name, 0)))
            ballots.append(PBBallot(ids, None, extra))
    meta = {k: str(v) for k, v in instance.meta.items()}
    election = PBElection(
        vote_type=vote_type,
        budget=Fraction(str(instance.budget_limit)),
        projects=projects,
        ballots=ballots,
        meta=meta,
    )
    return election


def to_pabutools(election: PBElection) -> tuple[Any, Any]:  # (Instance, Profile); untyped
    """(Instance, Profile) for pabutools. Cumulative and scoring ballots keep their points."""
    from pabutools.election import (
        ApprovalBallot,
        ApprovalProfile,
        CardinalBallot,
        CardinalProfile,
        CumulativeBallot,
        CumulativeProfile,
        Instance,
        OrdinalBallot,
        OrdinalProfile,
        Project,
    )
    from pabutools.fractions import str_as_frac

    instance = Instance(budget_limit=str_as_frac(_number_text(election.budget)))
    by_id = {}
    for project in election.projects:
        pb_project = Project(project.id, str_as_frac(_number_text(project.cost)))
        instance.add(pb_project)
        instance.project_meta[pb_project] = {"project_id": project.id, "cost": _number_text(project.cost)}
        by_id[project.id] = pb_project
    instance.meta = dict(election.meta)
    instance.meta["vote_type"] = election.vote_type
    instance.meta["budget"] = _number_text(election.budget)
    if election.vote_type in ("approval", "choose-1"):
        profile = ApprovalProfile(instance=instance)
        for ballot in election.ballots:
            profile.append(ApprovalBallot([by_id[p] for p in ballot.projects]))
    elif election.vote_type == "ordinal":
        profile = OrdinalProfile(instance=instance)
        for ballot in election.ballots:
            profile.append(OrdinalBallot([by_id[p] for p in ballot.projects]))
    else:
        cls_ballot, cls_profile = (
            (CumulativeBallot, CumulativeProfile)
            if election.vote_type == "cumulative"
            else (CardinalBallot, CardinalProfile)
        )
        profile = cls_profile(instance=instance)
        for ballot in election.ballots:
            profile.append(
                cls_ballot(
                    {
                        by_id[p]: str_as_frac(_number_text(pt))
                        for p, pt in zip(ballot.projects, ballot.points or (), strict=True)
                    }
                )
            )
    return instance, profile


def _clean(value: str) -> str:
    """A field must not contain the separator or a line break."""
    return str(value).replace(";", ",").replace("\r", " ").replace("\n", " ").strip()


def write_pb(election: PBElection) -> str:
    """Serialise an election in pabulib format (UTF-8 text)."""
    election.validate()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    meta = dict(election.meta)
    meta["num_projects"] = str(len(election.projects))
    meta["num_votes"] = str(len(election.ballots))
    try:
        same_budget = _fraction(meta.get("budget", "")) == election.budget
    except (ValueError, ZeroDivisionError):
        same_budget = False
    if not same_budget:  # keep the file's own spelling (e.g. "400000.0") when it is the same amount
        meta["budget"] = _number_text(election.budget)
    meta["vote_type"] = election.vote_type
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([_clean(key), _clean(value)])

    writer.writerow(["PROJECTS"])
    extra_keys: list[str] = []
    for project in election.projects:
        for key in project.extra:
            if key not in extra_keys and key not in ("project_id", "cost", "name"):
                extra_keys.append(key)
    writer.writerow(["project_id", "cost", "name", *extra_keys])
    for project in election.projects:
        writer.writerow(
            [
                _clean(project.id),
                _number_text(project.cost),
                _clean(project.name),
                *[_clean(project.extra.get(key, "")) for key in extra_keys],
            ]
        )

    writer.writerow(["VOTES"])
    with_points = election.vote_type in ("cumulative", "scoring")
    ballot_keys: list[str] = []
    for ballot in election.ballots:
        for key in ballot.extra:
            if key not in ballot_keys and key not in ("voter_id", "vote", "points"):
                ballot_keys.append(key)
    writer.writerow(["voter_id", "vote", *(["points"] if with_points else []), *ballot_keys])
    for number, ballot in enumerate(election.ballots, start=1):
        voter_id = ballot.extra.get("voter_id", str(number))
        row = [_clean(voter_id), ",".join(ballot.projects)]
        if with_points:
            row.append(",".join(_number_text(p) for p in ballot.points or ()))
        row += [_clean(ballot.extra.get(key, "")) for key in ballot_keys]
        writer.writerow(row)
    # pabutools treats an empty field like a missing one only when it reads "none": keep empties.
    return out.getvalue()
