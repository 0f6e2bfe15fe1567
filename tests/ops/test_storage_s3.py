"""Uploads on an S3-compatible bucket (MEDIA_STORAGE=s3) against a real server on loopback:
a Werkstatt document is uploaded through its page, downloaded only with permission, and its file
leaves the bucket only when the deletion commits."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from config.env import media_storage
from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.core import uploads
from leuchtfeuer.werkstatt.models import Document
from leuchtfeuer.werkstatt.process import services as process_services
from tests.ops.conftest import bucket_keys

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
pytestmark = pytest.mark.django_db


def _login(client, user):
    totp.activate(user, totp.generate_totp_secret())
    client.force_login(user)
    return client


def test_media_storage_setting_selects_the_backend(monkeypatch):
    monkeypatch.delenv("MEDIA_STORAGE", raising=False)
    assert media_storage()["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    monkeypatch.setenv("MEDIA_STORAGE", "s3")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "leuchtfeuer-medien")
    config = media_storage()
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert config["OPTIONS"]["bucket_name"] == "leuchtfeuer-medien"
    assert config["OPTIONS"]["default_acl"] is None  # private objects
    monkeypatch.setenv("MEDIA_STORAGE", "ftp")
    with pytest.raises(ValueError, match="MEDIA_STORAGE"):
        media_storage()


def test_upload_download_and_delete_after_commit_on_s3(
    s3_bucket, client, role_user, municipality, other_municipality, django_capture_on_commit_callbacks
):
    coordinator = role_user(Role.KOORDINATION, municipality)
    process_services.process_start(actor=coordinator, municipality=municipality)
    c = _login(client, coordinator)
    response = c.post(
        f"/kommunen/{municipality.slug}/werkstatt/dokumente/",
        {
            "dokument-kind": "ratsbeschluss",
            "dokument-title": "",
            "dokument-upload": SimpleUploadedFile("Beschluss.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert bucket_keys(s3_bucket) == [document.file.name]  # stored in the bucket, not on disk
    assert s3_bucket.get_object(Bucket=s3_bucket.bucket, Key=document.file.name)["Body"].read() == PDF
    url = f"/kommunen/{municipality.slug}/werkstatt/dokumente/{document.pk}/"

    # permission-checked download through the application
    mentor = role_user(Role.MENTORING, municipality)
    download = _login(client, mentor).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    stranger = role_user(Role.KOORDINATION, other_municipality)
    assert _login(client, stranger).get(url).status_code == 403

    # a deletion that rolls back keeps the file its row still names
    with pytest.raises(RuntimeError), transaction.atomic():
        uploads.delete_after_commit(document.file)
        raise RuntimeError("abgebrochen")
    assert bucket_keys(s3_bucket) == [document.file.name]

    # the real deletion removes the object once the transaction commits
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        process_services.document_delete(actor=coordinator, document=document)
    assert bucket_keys(s3_bucket) == [document.file.name]  # not before the commit
    for callback in callbacks:
        callback()
    assert bucket_keys(s3_bucket) == []
    assert not Document.objects.exists()
