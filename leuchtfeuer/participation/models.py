"""Models of the participation part, one module per sub-domain (Django loads them from here).

- `projects/models.py`: Beteiligungsprojekte and their phases
- `ideas/models.py`: ideas, comments, ratings, reports, moderation, appeals
- `budgets/models.py`: Bürger-, Jugend- and Ortsteilbudgets with proposals, codes, secret ballots
  and paper entries
- `assembly/models.py`: the Bürgerrat (pool, draws)
- `youth/models.py`: the youth parliament (members, meetings, motions)

Models hold data and invariants; every change goes through the sub-domain's `services.py`.
"""

from __future__ import annotations

from leuchtfeuer.participation.assembly.models import Assembly, AssemblyDraw, PoolMember
from leuchtfeuer.participation.budgets.models import (
    Ballot,
    BallotItem,
    Budget,
    PaperEntry,
    Proposal,
    SealedBallot,
    VoteMarker,
    VoterVerification,
    VotingCode,
)
from leuchtfeuer.participation.ideas.models import Appeal, Comment, ContentReport, Idea, Moderation, Rating
from leuchtfeuer.participation.projects.models import USER, Phase, Project
from leuchtfeuer.participation.youth.models import YouthMeeting, YouthMember, YouthMotion, YouthParliament

__all__ = [
    "USER",
    "Appeal",
    "Assembly",
    "AssemblyDraw",
    "Ballot",
    "BallotItem",
    "Budget",
    "Comment",
    "ContentReport",
    "Idea",
    "Moderation",
    "PaperEntry",
    "Phase",
    "PoolMember",
    "Project",
    "Proposal",
    "Rating",
    "SealedBallot",
    "VoteMarker",
    "VoterVerification",
    "VotingCode",
    "YouthMeeting",
    "YouthMember",
    "YouthMotion",
    "YouthParliament",
]
