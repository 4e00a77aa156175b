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


def test_health_geeft_geen_databasedetails_prijs(client, db, monkeypatch, caplog):
    class KapotteVerbinding:
        def cursor(self):
            raise RuntimeError('verbinding met host "db-intern.gemeente.example" gebruiker "contenthub" mislukt')

    monkeypatch.setattr("contenthub.core.views.connection", KapotteVerbinding())
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "fout", "database": "fout"}
    assert "db-intern" not in response.content.decode()
    assert "db-intern" in caplog.text  # the operator still finds it in the log
