def test_healthz_reports_every_part_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in ("status", "database", "cache", "storage")} == dict.fromkeys(
        ("status", "database", "cache", "storage"), "ok"
    )
    assert body["tasks"]["status"] == "ok"  # tests/ops/test_health.py covers each failure
