"""What the participation part accepts as uploads (checked by `leuchtfeuer.core.uploads.check_upload`)."""

from __future__ import annotations

from leuchtfeuer.core import uploads

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {"jpg": uploads.JPEG, "jpeg": uploads.JPEG, "png": uploads.PNG, "webp": uploads.WEBP}
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"
# Served with the type their content has; GIF only for images stored before the upload check.
SERVED_IMAGE_TYPES = (uploads.JPEG, uploads.PNG, uploads.WEBP, uploads.GIF)

# A Bürgerrat pool: one line per person (Kennung, quota columns, household); 2 MB hold ~30,000 people.
POOL_MAX_BYTES = 2 * 1024 * 1024
POOL_TYPES = {"csv": uploads.CSV}
