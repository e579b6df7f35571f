"""The layering holds: parsers are pure; HTTP only in flows; SMTP only in alerts/send.py."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_parsers_do_no_io_and_know_no_orchestration():
    forbidden = {"httpx", "requests", "sqlalchemy", "smtplib", "prefect", "storage", "flows", "alerts", "urllib3"}
    for path in modules("parsers"):
        assert not imports(path) & forbidden, f"{path.relative_to(ROOT)} imports {imports(path) & forbidden}"


def test_http_lives_only_in_flows():
    for package in ("parsers", "storage", "alerts", "stancewatch"):
        for path in modules(package):
            assert "httpx" not in imports(path), path


def test_smtp_lives_only_in_alerts_send():
    users = [p.relative_to(ROOT).as_posix() for pkg in ("parsers", "storage", "alerts", "flows", "stancewatch")
             for p in modules(pkg) if "smtplib" in imports(p)]
    assert users == ["alerts/send.py"]


def test_only_the_cli_exits():
    for package in ("parsers", "storage", "alerts", "flows", "stancewatch"):
        for path in modules(package):
            text = path.read_text(encoding="utf-8")
            if "cli" not in path.relative_to(ROOT).parts[:2] and path.name != "cli.py":
                assert "sys.exit" not in text and "SystemExit" not in text, path


def test_no_sql_is_built_from_strings():
    """Every query goes through SQLAlchemy with bound parameters: no text() with f-strings or %."""
    import re

    pattern = re.compile(r"text\(\s*f[\"']|text\([^)]*%|execute\(\s*f[\"']|\.format\([^)]*\)\s*\)")
    for package in ("storage", "flows", "alerts", "stancewatch"):
        for path in modules(package):
            assert not pattern.search(path.read_text(encoding="utf-8")), path


def test_worker_processes_import_no_database_email_or_orchestration_code():
    """The extraction workers are spawned fresh: what their module pulls in is start-up time paid per worker."""
    import subprocess
    import sys

    probe = ("import sys, flows.pool; "
             "print(sorted(m for m in ('sqlalchemy', 'alembic', 'prefect', 'jinja2', 'storage', 'alerts') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout


def _runtime_imports(path: Path) -> set[str]:
    """Dotted modules imported at run time (what ``if TYPE_CHECKING:`` imports is left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checking = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
                for n in ast.walk(node)}
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in checking:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_alerts_take_values_and_storage_never_renders():
    """alerts/ (diff, policy, rendering) never queries the store, and storage/ uses only alerts' pure
    values and rules, never its rendering, sending or pictures (issue 16)."""
    for path in modules("alerts"):
        assert not {m for m in _runtime_imports(path) if m.split(".")[0] in ("storage", "flows")}, path
    rendering = {"alerts.render", "alerts.report", "alerts.plots", "alerts.send"}
    for path in modules("storage"):
        assert not _runtime_imports(path) & rendering, path
    for path in modules("web"):  # the web app reads through storage: no SQLAlchemy, no flows' stages
        assert not {m for m in _runtime_imports(path) if m.split(".")[0] in ("sqlalchemy", "flows")}, path


# The packages bottom to top (docs/architecture.md): a module imports only its own package and the
# packages below it. The command line (stancewatch/) is the roof: it may start the web app.
LAYERS = ["core", "parsers", "alerts", "storage", "flows", "web", "stancewatch"]


def test_packages_import_downward_only():
    """The import matrix has no upward edge (issue 16): core imports nothing of the project, parsers
    only core, and so on up to the command line; what ``if TYPE_CHECKING:`` imports counts too,
    except a type named for an annotation of a layer above (none today)."""
    upward = []
    for rank, package in enumerate(LAYERS):
        for path in modules(package):
            for name in imports(path):
                if name in LAYERS and LAYERS.index(name) > rank:
                    upward.append(f"{path.relative_to(ROOT)} imports {name}")
    assert upward == []


def test_the_command_line_and_the_web_app_hold_no_database_code():
    """The CLI and the web app reach the store through storage/ functions: no SQLAlchemy of their own,
    no flows' stages (issue 16)."""
    for package in ("stancewatch", "web"):
        for path in modules(package):
            found = {m for m in _runtime_imports(path) if m.split(".")[0] == "sqlalchemy" or m == "flows.stages"}
            assert not found, f"{path.relative_to(ROOT)} imports {found}"
