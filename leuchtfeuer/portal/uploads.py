"""What the portal accepts as images – the Lots:in's contact photo and a story's image – (checked by
`leuchtfeuer.core.uploads.check_upload`) and with which types stored images are served. The job list
import has its own types in `portal.importer`."""

from __future__ import annotations

from leuchtfeuer.core import uploads

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {"jpg": uploads.JPEG, "jpeg": uploads.JPEG, "png": uploads.PNG, "webp": uploads.WEBP}
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"
# Served with the type their content has; GIF only for images stored before the upload check.
SERVED_IMAGE_TYPES = (uploads.JPEG, uploads.PNG, uploads.WEBP, uploads.GIF)
