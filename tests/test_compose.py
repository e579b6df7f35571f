"""docker-compose.yml and the Dockerfile, checked by parsing (no Docker engine runs here)."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_depend_only_on_defined_services_and_volumes_are_used():
    data = compose()
    services = data["services"]
    used_volumes = set()
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on undefined {dependency}"
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith((".", "/")):
                used_volumes.add(source)
    assert used_volumes == set(data.get("volumes", {}))


def test_app_and_mail_catcher_are_there_with_a_healthcheck_on_the_dependency():
    services = compose()["services"]
    assert {"app", "mailpit"} <= set(services)
    assert services["app"]["depends_on"]["mailpit"]["condition"] == "service_healthy"
    assert "healthcheck" in services["mailpit"]


def test_no_secret_values_in_the_compose_file():
    for service in compose()["services"].values():
        for key, value in (service.get("environment") or {}).items():
            if any(word in key for word in ("PASSWORD", "DATABASE_URL", "SECRET", "TOKEN")):
                assert re.fullmatch(r"\$\{[A-Z_]+(:-[^}]*)?\}", str(value)), f"{key} must come from ${{VAR}}"
                assert "@" not in str(value) or ":" not in str(value).split("@")[0].split("//")[-1]


def test_environment_names_are_documented_in_env_example():
    names = {line.split("=")[0] for line in (ROOT / ".env.example").read_text().splitlines() if "=" in line}
    for service in compose()["services"].values():
        for key in service.get("environment") or {}:
            if key.startswith("STANCEWATCH_"):
                assert key in names, key


def test_dockerfile_installs_the_project_and_runs_as_a_user():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11", text, re.M)
    assert "pip install" in text and re.search(r"^USER \w+", text, re.M)
    for package in ("stancewatch", "parsers", "storage", "alerts", "flows"):
        assert f"COPY {package} " in text
