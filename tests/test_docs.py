"""Docs that editors rely on stay true: settings and CLI help are generated and checked."""

import importlib.util
from pathlib import Path

from core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_setting_is_documented_with_a_description():
    doc = (ROOT / "docs" / "settings.md").read_text()
    for name, field in Settings.model_fields.items():
        assert f"STANCEWATCH_{name.upper()}" in doc
        assert field.description


def test_docs_match_the_code():
    module = gen_docs()
    assert (ROOT / "docs" / "settings.md").read_text() == module.settings_doc(), "run scripts/gen_docs.py"
    assert (ROOT / "docs" / "cli.md").read_text() == module.cli_doc(), "run scripts/gen_docs.py"


def test_readme_names_every_command():
    readme = (ROOT / "README.md").read_text()
    for command in gen_docs().COMMANDS:
        if command:
            assert f"stancewatch {' '.join(command)}" in readme, command
