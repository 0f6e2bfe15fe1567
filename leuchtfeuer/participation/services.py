"""The writes of the participation part, gathered from the sub-domains for the callers that use one
name (views, demo, tests). Each lives in its sub-domain:

- `projects/services.py`: projects, phases, publishing, handing ideas to the Werkstatt
- `ideas/services.py`: ideas, comments, ratings, reports, moderation, appeals, answers
- `budgets/services.py`: budgets, voting rule, proposals, feasibility, codes, voter verification
- `budgets/voting.py`: casting online and paper ballots
- `budgets/results.py`: counting, publishing the result, the pabulib export
- `assembly/services.py`: the Bürgerrat
- `youth/services.py`: the youth parliament
"""

from __future__ import annotations

from leuchtfeuer.participation.assembly.services import (
    RESERVED_ASSEMBLY_SLUGS,
    assembly_create,
    assembly_current_panel,
    assembly_draw,
    assembly_replace,
    assembly_set_quotas,
    pool_import,
    pool_upload,
)
from leuchtfeuer.participation.budgets.results import (
    budget_count,
    budget_election,
    budget_export_pb,
    budget_result_publish,
)
from leuchtfeuer.participation.budgets.services import (
    CODE_ALPHABET,
    RULE_FIELDS,
    RULE_LOCKED_MESSAGE,
    budget_create,
    budget_rule_change,
    code_hash,
    codes_issue,
    counting_euro,
    normalise_code,
    proposal_check,
    proposal_submit,
    voter_verify,
)
from leuchtfeuer.participation.budgets.voting import ballot_cast, ballot_validate, paper_entry_submit
from leuchtfeuer.participation.ideas.services import (
    appeal_decide,
    appeal_submit,
    comment_add,
    content_moderate,
    content_report,
    idea_answer,
    idea_rate,
    idea_submit,
)
from leuchtfeuer.participation.projects.services import (
    RESERVED_PROJECT_SLUGS,
    phase_set,
    project_create,
    project_publish,
    project_transfer_to_werkstatt,
)
from leuchtfeuer.participation.youth.services import (
    motion_answer,
    youth_meeting_add,
    youth_member_add,
    youth_motion_submit,
    youth_parliament_create,
)

__all__ = [
    "CODE_ALPHABET",
    "RESERVED_ASSEMBLY_SLUGS",
    "RESERVED_PROJECT_SLUGS",
    "RULE_FIELDS",
    "RULE_LOCKED_MESSAGE",
    "appeal_decide",
    "appeal_submit",
    "assembly_create",
    "assembly_current_panel",
    "assembly_draw",
    "assembly_replace",
    "assembly_set_quotas",
    "ballot_cast",
    "ballot_validate",
    "budget_count",
    "budget_create",
    "budget_election",
    "budget_export_pb",
    "budget_result_publish",
    "budget_rule_change",
    "code_hash",
    "codes_issue",
    "comment_add",
    "content_moderate",
    "content_report",
    "counting_euro",
    "idea_answer",
    "idea_rate",
    "idea_submit",
    "motion_answer",
    "normalise_code",
    "paper_entry_submit",
    "phase_set",
    "pool_import",
    "pool_upload",
    "project_create",
    "project_publish",
    "project_transfer_to_werkstatt",
    "proposal_check",
    "proposal_submit",
    "voter_verify",
    "youth_meeting_add",
    "youth_member_add",
    "youth_motion_submit",
    "youth_parliament_create",
]
