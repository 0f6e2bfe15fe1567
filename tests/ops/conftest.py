"""Fixtures for the operations tests: a real S3-compatible server on loopback.

`.ci/run` starts `moto_server` as its own process and names it in LEUCHTFEUER_TEST_S3_ENDPOINT;
without it the fixture starts moto's threaded server on a free loopback port (moto is a test
dependency). Either way the storage talks HTTP to a real server, through boto3 and django-storages.
"""

from __future__ import annotations

import os
import uuid

import pytest

from config.env import s3_options


@pytest.fixture(scope="session")
def s3_endpoint():
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    if url := os.environ.get("LEUCHTFEUER_TEST_S3_ENDPOINT"):
        yield url
        return
    server_module = pytest.importorskip("moto.server", reason="moto[s3] is not installed")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint, settings):
    """A fresh private bucket, made the default storage (as MEDIA_STORAGE=s3 does)."""
    import boto3

    name = f"leuchtfeuer-test-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-central-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    options = s3_options(
        {
            "AWS_STORAGE_BUCKET_NAME": name,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_REGION_NAME": "eu-central-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    client.bucket = name
    return client


def bucket_keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=client.bucket).get("Contents", [])]
