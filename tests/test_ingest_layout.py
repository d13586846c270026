"""The importer's layout is its pipeline: reading → extraction → storing, dependencies pointing one way.

reading and extraction run in worker processes without Django, so they must not import it (nor the models);
reading knows nothing of the later stages, extraction nothing of storing.
"""

import ast
from pathlib import Path

import pytest

INGEST = Path(__file__).resolve().parent.parent / "archive" / "ingest"
STAGES = ("reading", "extraction", "storing")


def imported_modules(path: Path) -> list[str]:
    """Absolute names of what a module imports (relative imports resolved against its package)."""
    package = ["archive", *path.parent.relative_to(INGEST.parent).parts]
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            names.append(module)
            if not node.module:  # from . import bulk
                names += [f"{module}.{alias.name}" for alias in node.names]
    return names


def stage_files(stage: str) -> list[Path]:
    return sorted((INGEST / stage).rglob("*.py"))


def test_every_stage_is_a_package_and_no_module_is_left_between_them():
    for stage in STAGES:
        assert (INGEST / stage / "__init__.py").is_file()
    top = {path.name for path in INGEST.glob("*.py")}
    assert top == {"__init__.py", "pipeline.py", "pool.py", "prepare.py", "results.py", "timings.py"}


@pytest.mark.parametrize("stage", ["reading", "extraction"])
def test_the_stages_run_in_workers_without_django(stage):
    for path in stage_files(stage):
        for module in imported_modules(path):
            assert not module.startswith(("django", "archive.models", "archive.search")), (path, module)


@pytest.mark.parametrize(("stage", "later"), [("reading", ("extraction", "storing")), ("extraction", ("storing",))])
def test_dependencies_point_one_way(stage, later):
    forbidden = tuple(f"archive.ingest.{name}" for name in later) + ("archive.ingest.pipeline", "archive.ingest.pool")
    for path in stage_files(stage):
        for module in imported_modules(path):
            assert not module.startswith(forbidden), (path, module)
