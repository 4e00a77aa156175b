def test_health_meldt_database(client, db):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_admin_login_pagina_is_nederlands(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode() or "Aanmelden" in response.content.decode()


def test_demo_weigert_zonder_debug(db, settings):
    import pytest
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo")
