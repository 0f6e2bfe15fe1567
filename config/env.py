"""The one place where the environment is read (HackSoft styleguide: config/env.py)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def database_config(sqlite_path: Path) -> dict:
    """PostgreSQL when DATABASE_URL is set, otherwise SQLite in WAL mode."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(sqlite_path),
        "OPTIONS": {
            # WAL lets readers work while one writer writes; IMMEDIATE avoids
            # "database is locked" upgrades inside write transactions.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


def media_storage() -> dict:
    """Where uploaded files live: the local disk (var/media, default) or, with
    MEDIA_STORAGE=s3, an S3-compatible bucket that every app server shares (django-storages).

    S3 settings: AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL (MinIO, Ceph, moto …; empty for AWS),
    AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the usual boto3 sources).
    Files stay private: no public ACL; downloads go through the application's permission checks.
    """
    kind = os.environ.get("MEDIA_STORAGE", "local").strip().lower() or "local"
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ValueError(f"MEDIA_STORAGE must be 'local' or 's3', not {kind!r}")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options(os.environ)}


def s3_options(source: dict | os._Environ) -> dict:
    options = {
        "bucket_name": source.get("AWS_STORAGE_BUCKET_NAME", ""),
        "endpoint_url": source.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": source.get("AWS_S3_REGION_NAME") or None,
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
        "location": source.get("AWS_LOCATION", ""),
    }
    if source.get("AWS_ACCESS_KEY_ID"):
        options["access_key"] = source["AWS_ACCESS_KEY_ID"]
        options["secret_key"] = source.get("AWS_SECRET_ACCESS_KEY", "")
    return options
