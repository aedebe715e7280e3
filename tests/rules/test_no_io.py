"""Rules do no I/O: nothing under assistant/rules opens files, reads the environment or
imports the modules that would. Shipped rule tables (package data read through
importlib.resources) are the one exception; they are part of the code."""

import ast
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "assistant" / "rules"
BANNED_MODULES = {
    "os",
    "io",
    "tempfile",
    "shutil",
    "socket",
    "subprocess",
    "urllib",
    "http",
    "sqlite3",
    "simple_icd_10_cm",
}
BANNED_CALLS = {"open", "getenv", "read_bytes", "write_text", "write_bytes", "mkdir", "unlink"}
PACKAGE_DATA = {"tables.py", "keywords.py"}  # read shipped TOML/CSV via importlib.resources


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            if name.split(".")[0] in BANNED_MODULES:
                out.append(f"{path.name}:{node.lineno} imports {name}")
            if name.startswith("importlib") and path.name not in PACKAGE_DATA:
                out.append(f"{path.name}:{node.lineno} imports {name}")
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called in BANNED_CALLS:
                out.append(f"{path.name}:{node.lineno} calls {called}")
            if called == "read_text" and path.name not in PACKAGE_DATA:
                out.append(f"{path.name}:{node.lineno} calls read_text")
        if isinstance(node, ast.Attribute) and node.attr == "environ":
            out.append(f"{path.name}:{node.lineno} reads the environment")
    return out


def test_no_module_under_rules_does_io():
    problems = [p for path in sorted(RULES.rglob("*.py")) for p in _problems(path)]
    assert problems == []


def test_the_scan_catches_the_old_icd_cache_reader(tmp_path):
    sample = tmp_path / "icd.py"
    sample.write_text(
        "import os\nimport json\nfrom pathlib import Path\n"
        "root = os.environ.get('PTSCRIBE_CACHE_DIR')\n"
        "table = json.loads(Path(root).read_text())\n"
    )
    found = _problems(sample)
    assert any("imports os" in p for p in found)
    assert any("environment" in p for p in found)
    assert any("read_text" in p for p in found)
