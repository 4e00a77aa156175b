import pytest
from django.core.management import call_command

from contenthub.conf import env


@pytest.fixture(autouse=True)
def register_herstellen():
    """Test settings registered here must not leak into the generated documentation check."""
    voor = dict(env.REGISTRY)
    yield
    env.REGISTRY.clear()
    env.REGISTRY.update(voor)


def test_configuratiedocumentatie_is_actueel():
    """docs/configuration.md must be regenerated whenever a setting is added or changed."""
    call_command("config_docs", "--check")


def test_elke_instelling_heeft_uitleg():
    assert env.REGISTRY, "geen instellingen geregistreerd"
    for var in env.REGISTRY.values():
        assert len(var.help_text) > 10, var.name


@pytest.mark.parametrize(
    ("ruw", "verwacht"), [("true", True), ("1", True), ("ja", True), ("false", False), ("0", False), ("", False)]
)
def test_bool_waarden(monkeypatch, ruw, verwacht):
    monkeypatch.setenv("CONTENTHUB_TEST_BOOL", ruw)
    assert env.config("CONTENTHUB_TEST_BOOL", False, help_text="testinstelling voor bool") is verwacht


def test_ongeldige_waarde_noemt_de_variabele(monkeypatch):
    monkeypatch.setenv("CONTENTHUB_TEST_INT", "tien")
    with pytest.raises(env.ConfigurationError, match="CONTENTHUB_TEST_INT"):
        env.config("CONTENTHUB_TEST_INT", 10, help_text="testinstelling voor int")


@pytest.mark.parametrize("ruw", ["0", "-5"])
def test_een_waarde_onder_het_minimum_stopt_de_hub(monkeypatch, ruw):
    """A retention of 0 days would make the nightly cleanup delete today's logs: the hub refuses to start."""
    monkeypatch.setenv("CONTENTHUB_TEST_MINIMUM", ruw)
    with pytest.raises(env.ConfigurationError, match="CONTENTHUB_TEST_MINIMUM.*minstens 1"):
        env.config("CONTENTHUB_TEST_MINIMUM", 90, help_text="testinstelling met minimum", minimum=1)
    monkeypatch.setenv("CONTENTHUB_TEST_MINIMUM", "1")
    assert env.config("CONTENTHUB_TEST_MINIMUM", 90, help_text="testinstelling met minimum", minimum=1) == 1


def test_lijst_waarden(monkeypatch):
    monkeypatch.setenv("CONTENTHUB_TEST_LIJST", "a.example, b.example,,")
    assert env.config("CONTENTHUB_TEST_LIJST", [], help_text="testinstelling voor lijst") == ["a.example", "b.example"]


def test_tests_draaien_op_postgresql(settings):
    """bin/test provisions PostgreSQL; a suite that silently fell back to SQLite would prove less."""
    import os

    if os.environ.get("CONTENTHUB_TEST_SQLITE_TOEGESTAAN"):
        pytest.skip("expliciet SQLite toegestaan")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
