"""docker-compose.yml and the Dockerfile, checked by parsing and by Debian's docker-compose (`config`
needs no Docker engine; none runs here, so no image is built or pulled)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = {"postgres", "prefect-server", "worker", "mailpit", "migrate", "web"}


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def conditions(service):
    depends = service.get("depends_on", {})
    return depends if isinstance(depends, dict) else {name: {"condition": "service_started"} for name in depends}


def test_the_stack_has_every_service_and_dependencies_exist():
    services = compose()["services"]
    assert REQUIRED <= set(services)
    for name, service in services.items():
        for dependency in conditions(service):
            assert dependency in services, f"{name} depends on undefined {dependency}"


def test_services_others_wait_for_have_healthchecks():
    services = compose()["services"]
    for name, service in services.items():
        for dependency, rule in conditions(service).items():
            if rule["condition"] == "service_healthy":
                assert "healthcheck" in services[dependency], f"{name} waits for {dependency}'s health"
    for name in ("postgres", "prefect-server", "mailpit"):
        assert "healthcheck" in services[name]


def test_migrations_run_before_any_worker():
    services = compose()["services"]
    assert services["migrate"]["command"][-2:] == ["db", "upgrade"]
    chain, seen = ["worker"], set()
    while chain:  # every path from the worker reaches a completed migrate
        name = chain.pop()
        seen.add(name)
        chain += [d for d in conditions(services[name]) if d not in seen]
    assert "migrate" in seen
    assert conditions(services["deploy"])["migrate"]["condition"] == "service_completed_successfully"


def test_workers_can_be_scaled():
    worker = compose()["services"]["worker"]
    assert "container_name" not in worker and "ports" not in worker  # N copies must not clash
    assert "worker" in worker["command"] and "--pool" in worker["command"]


def test_named_volumes_are_declared_and_used():
    data = compose()
    used = set()
    for service in data["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith((".", "/")):
                used.add(source)
            else:
                assert (ROOT / source).exists(), f"bind mount {source} is missing"
    assert used == set(data.get("volumes") or {})


def test_no_secret_values_in_the_compose_file():
    text = (ROOT / "docker-compose.yml").read_text()
    for match in re.finditer(r"://[^:/@\s]+:([^@\s]+)@", text):  # user:password@host in URLs
        assert re.fullmatch(r"\$\{[A-Z_]+(:[?-][^}]*)?\}", match.group(1)), match.group(0)
    for service in compose()["services"].values():
        for key, value in (service.get("environment") or {}).items():
            if "PASSWORD" in key or "SECRET" in key or "TOKEN" in key:
                assert re.fullmatch(r"\$\{[A-Z_]+(:[?-][^}]*)?\}", str(value)), f"{key} must come from ${{VAR}}"


def test_environment_names_are_documented_in_env_example():
    names = {line.split("=")[0] for line in (ROOT / ".env.example").read_text().splitlines() if "=" in line}
    text = (ROOT / "docker-compose.yml").read_text()
    for variable in set(re.findall(r"\$\{([A-Z_]+)", text)):
        assert variable in names, variable


def test_dockerfile_installs_the_project_and_runs_as_a_user():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11", text, re.M)
    assert "pip install" in text and re.search(r"^USER \w+", text, re.M)
    for package in ("stancewatch", "parsers", "storage", "alerts", "flows", "data"):
        assert f"COPY {package} " in text


def _compose_config(**env):
    tool = shutil.which("docker-compose")
    if tool is None:
        pytest.skip("docker-compose is not installed (apt-get install docker-compose; no engine is needed)")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("STANCEWATCH_", "POSTGRES_"))}
    return subprocess.run([tool, "-f", str(ROOT / "docker-compose.yml"), "config"], cwd=ROOT, capture_output=True,
                          text=True, env={**clean, **env}, timeout=60)


def test_a_compose_tool_accepts_the_file_and_resolves_every_service():
    result = _compose_config(POSTGRES_PASSWORD="pw-from-env", STANCEWATCH_WEB_SECRET="s" * 32)
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    assert REQUIRED <= set(resolved["services"])
    web = resolved["services"]["web"]
    assert web["environment"]["STANCEWATCH_WEB_SECRET"] == "s" * 32
    assert "pw-from-env" in resolved["services"]["worker"]["environment"]["STANCEWATCH_DATABASE_URL"]


def test_a_compose_tool_refuses_the_stack_without_its_secrets():
    result = _compose_config()
    assert result.returncode != 0 and "POSTGRES_PASSWORD" in result.stderr
