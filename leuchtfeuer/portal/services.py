"""Every write of the portal (one import for the commands, the views and the tests).

Keyword-only, authorised, validated, atomic, audited. Public actions (inquiry, trial application,
event registration, welcome box, "Meine Daten") have no logged-in actor; they are authorised by the
person's consent or by a signed, expiring link. E-mails are sent in `transaction.on_commit`, so
nothing is mailed for a write that rolled back.

Each service lives in its sub-domain: ``public`` (portal page, Geschichten, Veranstaltungen,
Willkommensbox), ``offers`` (Angebote), ``cases`` (Erhebungsbogen → Fall), ``trial_living``
(Probewohnen), ``privacy`` (Meine Daten, Speicherfristen).
"""

from leuchtfeuer.portal.cases.services import (
    case_access,
    case_add_note,
    case_add_task,
    case_assign,
    case_complete_task,
    case_send_email,
    case_set_stage,
    confirm_token,
    inquiry_confirm,
    inquiry_for_token,
    inquiry_submit,
    send_due_reminders,
)
from leuchtfeuer.portal.offers.services import (
    ImportResult,
    offer_create,
    offer_import_jobs,
    offer_moderate,
    offer_update,
    partner_organisation,
)
from leuchtfeuer.portal.privacy.services import (
    Expired,
    expired_records,
    my_data_delete,
    my_data_email,
    my_data_request_link,
    my_data_token,
    purge_expired,
)
from leuchtfeuer.portal.public.services import (
    event_register,
    event_save,
    portal_save,
    story_save,
    story_withdraw_consent,
    welcome_box_mark_sent,
    welcome_box_request,
)
from leuchtfeuer.portal.shared import add_months
from leuchtfeuer.portal.trial_living.services import (
    DoubleBooking,
    apartment_save,
    booked_nights,
    trial_accept,
    trial_apply,
    trial_decline,
)

__all__ = [
    "DoubleBooking",
    "Expired",
    "ImportResult",
    "add_months",
    "apartment_save",
    "booked_nights",
    "case_access",
    "case_add_note",
    "case_add_task",
    "case_assign",
    "case_complete_task",
    "case_send_email",
    "case_set_stage",
    "confirm_token",
    "event_register",
    "event_save",
    "expired_records",
    "inquiry_confirm",
    "inquiry_for_token",
    "inquiry_submit",
    "my_data_delete",
    "my_data_email",
    "my_data_request_link",
    "my_data_token",
    "offer_create",
    "offer_import_jobs",
    "offer_moderate",
    "offer_update",
    "partner_organisation",
    "portal_save",
    "purge_expired",
    "send_due_reminders",
    "story_save",
    "story_withdraw_consent",
    "trial_accept",
    "trial_apply",
    "trial_decline",
    "welcome_box_mark_sent",
    "welcome_box_request",
]
