"""The core stays free of the interface: no module under a5wizard/ imports Textual
or Rich, neither in its source nor when every module is actually loaded."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

from tests.cli_runner import REPO_ROOT

CORE = REPO_ROOT / "a5wizard"
INTERFACE_LIBRARIES = ("textual", "rich")
IMPORT_FUNCTIONS = ("import_module", "__import__")


def _is_interface(module: str) -> bool:
    top = module.split(".")[0]
    return top in INTERFACE_LIBRARIES


def interface_imports(source: str) -> list[str]:
    """Every import of Textual or Rich in Python source, in any form."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call):
            function = node.func
            called = getattr(function, "attr", getattr(function, "id", ""))
            if called in IMPORT_FUNCTIONS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    names = [first.value]
        found.extend(
            f"line {node.lineno}: {name}" for name in names if _is_interface(name)
        )
    return found


def test_the_scan_recognises_every_form_of_import() -> None:
    source = (
        "import textual\n"
        "import os, rich.console as console\n"
        "from textual.widgets import Label\n"
        "from rich import print\n"
        "def later():\n"
        "    import textual.app\n"
        "importlib.import_module('textual.screen')\n"
        "__import__('rich')\n"
        "import textualize_other, richer\n"
        "from .textual import x\n"
    )

    assert interface_imports(source) == [
        "line 1: textual",
        "line 2: rich.console",
        "line 3: textual.widgets",
        "line 4: rich",
        "line 6: textual.app",
        "line 7: textual.screen",
        "line 8: rich",
    ]


def test_no_core_module_imports_textual_or_rich_in_its_source() -> None:
    sources = sorted(CORE.rglob("*.py"))
    offenders = {
        str(path.relative_to(REPO_ROOT)): found
        for path in sources
        if (found := interface_imports(path.read_text(encoding="utf-8")))
    }

    assert len(sources) > 20  # the whole core was scanned, subpackages included
    assert {path.parent.name for path in sources} >= {
        "a5wizard",
        "check",
        "cli",
        "mailserver",
        "sandbox",
    }
    assert offenders == {}


def test_loading_every_core_module_loads_neither_textual_nor_rich() -> None:
    code = (
        "import importlib, json, pkgutil, sys\n"
        "import a5wizard\n"
        "names = [m.name for m in pkgutil.walk_packages(a5wizard.__path__, "
        "'a5wizard.') if not m.name.endswith('.__main__')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "tops = {m.split('.')[0] for m in sys.modules}\n"
        "loaded = sorted(tops & {'textual', 'rich'})\n"
        "print(json.dumps({'modules': names, 'interface': loaded}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {
        "a5wizard.cli.show",
        "a5wizard.check.runner",
        "a5wizard.mailserver.server",
        "a5wizard.sandbox.session",
        "a5wizard.report",
    } <= set(result["modules"])
    assert result["interface"] == []
