"""What the knowledge part accepts as uploads (checked by `leuchtfeuer.core.uploads.check_upload`)."""

from __future__ import annotations

from leuchtfeuer.core import uploads

IMAGE_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024

IMAGE_TYPES = {"jpg": uploads.JPEG, "jpeg": uploads.JPEG, "png": uploads.PNG, "webp": uploads.WEBP}
DOCUMENT_TYPES = {
    "pdf": uploads.PDF,
    "docx": uploads.DOCX,
    "xlsx": uploads.XLSX,
    "odt": uploads.ODT,
    "ods": uploads.ODS,
    "csv": uploads.CSV,
    "txt": uploads.TXT,
}
