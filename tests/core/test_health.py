def test_health_meldt_database(client, db):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_admin_login_pagina_is_nederlands(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode() or "Aanmelden" in response.content.decode()
