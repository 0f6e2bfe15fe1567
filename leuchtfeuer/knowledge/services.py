"""Every change in the knowledge and network part (one import for the commands, the views and the
tests): keyword-only, authorised, validated, atomic, audited; e-mails after commit.

Each service lives in its sub-domain: ``examples`` (Praxisbeispiele and their review by the
Redaktion), ``documents`` (Umsetzungshilfen), ``network`` (directory, tandems, Hospitationen,
events).
"""

from leuchtfeuer.knowledge.documents.services import document_count_download, document_delete, document_upload
from leuchtfeuer.knowledge.examples.services import (
    EXAMPLE_FIELDS,
    example_comment,
    example_create,
    example_image_add,
    example_image_delete,
    example_publish,
    example_reject,
    example_request_changes,
    example_submit,
    example_terms,
    example_update,
)
from leuchtfeuer.knowledge.mail import office_emails
from leuchtfeuer.knowledge.network.services import (
    event_cancel,
    event_create,
    event_register,
    hospitation_accept,
    hospitation_decline,
    hospitation_request,
    network_contact_opt_in,
    network_contact_opt_out,
    network_profile_update,
    tandem_confirm,
    tandem_decline,
    tandem_propose,
)

__all__ = [
    "EXAMPLE_FIELDS",
    "document_count_download",
    "document_delete",
    "document_upload",
    "event_cancel",
    "event_create",
    "event_register",
    "example_comment",
    "example_create",
    "example_image_add",
    "example_image_delete",
    "example_publish",
    "example_reject",
    "example_request_changes",
    "example_submit",
    "example_terms",
    "example_update",
    "hospitation_accept",
    "hospitation_decline",
    "hospitation_request",
    "network_contact_opt_in",
    "network_contact_opt_out",
    "network_profile_update",
    "office_emails",
    "tandem_confirm",
    "tandem_decline",
    "tandem_propose",
]
