"""The shape of the kit, pinned: layers whose imports point down, a part in one folder, the facts written once, the
comments that name files, the README's length, and the picture of docs/architecture.md.

    python tests/test_architecture.py      # rewrite the picture in docs/architecture.md from the code
"""
import ast
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from autograder.layout import NOTEBOOKS, SOURCE, STUDENT_FILES  # noqa: E402
from autograder.parts import HERE as PARTS_FOLDER, PARTS  # noqa: E402
from autograder.parts.public_checks import common, public, public_part  # noqa: E402
from autograder.parts.spec import Spec  # noqa: E402
from autograder.sandbox.protocol import SERVED_LAYERS  # noqa: E402
from autograder.sandbox.stand_ins import _stubs  # noqa: E402

# The layers of autograder/, top to bottom: a module may import from its own layer and the layers below it.
KIT_LAYERS = [("the command line", ["__main__"]), ("course tooling", ["course"]), ("the grading engine", ["grading"]),
          ("the graded parts", ["parts"]), ("the sandbox", ["sandbox"]), ("where things live", ["layout", "__init__"])]
ARCHITECTURE = REPO / "docs" / "architecture.md"


def layer_of(module):
    """The index in KIT_LAYERS of a module of autograder/ ("course.demo", "layout", ...)."""
    head = module.split(".")[0]
    return next(number for number, (_, heads) in enumerate(KIT_LAYERS) if head in heads)


def modules():
    """{module name relative to autograder: its file}, the probes and public checks aside (they run elsewhere)."""
    root = REPO / "autograder"
    found = {}
    for path in sorted(root.rglob("*.py")):
        if path.name in ("probes.py", "public.py") or "references" in path.parts:
            continue
        name = ".".join(path.relative_to(root).with_suffix("").parts)
        found[name.removesuffix(".__init__") if name.endswith(".__init__") else name] = path
    return found


def imports(name, path):
    """The modules of autograder/ that a module imports (absolute or relative, at any depth of the file)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                found.update(f"{target}.{alias.name}".strip(".") if not node.module else target
                             for alias in node.names)
            elif node.module and node.module.startswith("autograder"):
                found.add(node.module.removeprefix("autograder").lstrip(".") or "__init__")
        elif isinstance(node, ast.Import):
            found.update(alias.name.removeprefix("autograder.") for alias in node.names
                         if alias.name.startswith("autograder."))
    known = modules()
    return {target if target in known else target.rpartition(".")[0] for target in found} & set(known) - {name}


def graph():
    return {name: imports(name, path) for name, path in modules().items()}


def test_imports_point_down_only_and_run_in_no_circle():
    edges = graph()
    upward = [(source, target) for source, targets in edges.items() for target in targets
              if layer_of(target) < layer_of(source)]
    assert upward == []
    done, active = set(), []

    def visit(node):
        if node in active:
            raise AssertionError(f"import cycle: {' -> '.join(active[active.index(node):] + [node])}")
        if node not in done:
            active.append(node)
            for target in sorted(edges[node]):
                visit(target)
            active.pop()
            done.add(node)

    for node in sorted(edges):
        visit(node)


def test_the_sandbox_needs_nothing_of_the_grader():
    """The package copied into every sandbox imports only itself (relative), the standard library and numpy; a
    part's probes import only the sandbox package and the student's deeplearning package."""
    siblings = {path.stem for path in (REPO / "autograder" / "sandbox").glob("*.py")}  # the launcher, as a script
    allowed = set(sys.stdlib_module_names) | {"numpy", "sandbox", "deeplearning"} | siblings
    for path in [*(REPO / "autograder" / "sandbox").glob("*.py"), *PARTS_FOLDER.glob("*/probes.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and not node.level else [])
            assert all(name.split(".")[0] in allowed for name in names), (path, names)


def test_no_module_is_longer_than_about_400_lines_unless_it_is_one_idea():
    # One idea each: the Landlock/rlimit launcher with its ABI tables, and the class report's page.
    allowed = {"sandbox.isolation", "course.class_report"}
    long = {name: len(path.read_text().splitlines()) for name, path in modules().items()}
    assert {name: lines for name, lines in long.items() if lines > 420 and name not in allowed} == {}


@pytest.mark.parametrize("part", PARTS)
def test_a_part_is_one_folder_with_its_declaration_probes_checks_and_public_checks(part):
    folder = PARTS_FOLDER / part
    assert isinstance(PARTS[part].spec, Spec)
    for name in ("__init__.py", "probes.py", "checks.py", "public.py"):
        assert (folder / name).is_file(), f"{part}/{name}"
    linked = SOURCE / "deeplearning" / "self_check" / f"{part}.py"
    assert linked.is_symlink() and linked.resolve() == (folder / "public.py").resolve()
    assert PARTS[part].checks  # every check with its points


def saved_names(tree):
    """The names a module may save arrays under: its string constants and keyword arguments (whole names), and the
    literal parts of its f-strings (parts of names built at run time)."""
    whole, parts = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            whole.add(node.value)
        elif isinstance(node, ast.keyword) and node.arg:
            whole.add(node.arg)
        elif isinstance(node, ast.JoinedStr):
            parts.update(part.value for part in node.values if isinstance(part, ast.Constant) and part.value)
    return whole, parts


@pytest.mark.parametrize("part", [name for name, part in PARTS.items() if part.probes_file])
def test_the_checks_read_what_the_probes_save(part):
    """Probes and checks talk through names: the probes' function names and the keys of the arrays they return. A
    probe or key a check names that its probes.py does not have is a typo, found here rather than by a student's
    "your code returned nothing here"."""
    folder = PARTS_FOLDER / part
    probes = ast.parse((folder / "probes.py").read_text())
    probe_names = {node.name for node in probes.body if isinstance(node, ast.FunctionDef)}
    whole, parts = saved_names(probes)
    unknown = []
    for node in ast.walk(ast.parse((folder / "checks.py").read_text())):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and len(node.args) >= 2):
            continue
        name = node.args[1]
        if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
            continue  # a name built at run time: the answer key's full marks check it
        if node.func.attr in ("outputs", "layer_calls", "caches_read") and name.value not in probe_names:
            unknown.append(f"probe {name.value!r}")
        if node.func.attr == "array" and name.value not in whole and not any(part in name.value for part in parts):
            unknown.append(f"key {name.value!r}")
    assert not unknown, f"{part}/checks.py reads what {part}/probes.py never saves: {unknown}"


def test_a_misspelt_declaration_is_an_error():
    with pytest.raises(TypeError):
        Spec(title="x", seconds=1, memory_mb=1, replay=("a.npz",))  # replayed, misspelt


def test_facts_the_students_files_repeat_are_the_graders():
    """Student-side files cannot import the grader: where they hold the same fact, they must agree."""
    assert list(public.NOTEBOOK_PARTS) == NOTEBOOKS and public.STUDENT_FILES == STUDENT_FILES
    assert [part for parts in public.NOTEBOOK_PARTS.values() for part in parts] == list(PARTS)
    assert all(public.NOTEBOOK_PARTS[PARTS[part].notebook + ".ipynb"].count(part) == 1 for part in PARTS)
    assert set(common.LAYER_PARTS) == set(SERVED_LAYERS) == set(_stubs(None, {}, set())[0])
    assert set(common.LAYER_PARTS.values()) <= set(PARTS)
    for part in PARTS.values():
        assert set(part.correct_layers) <= set(SERVED_LAYERS)
        assert not {common.LAYER_PARTS[layer] for layer in part.correct_layers} & {part.name}  # never its own


@pytest.mark.parametrize("part", ["dropout_forward", "batchnorm_backward"])
def test_public_checks_that_mirror_the_hidden_ones_have_their_titles(part):
    assert [check.title for check in public_part(part).checks.all] == [title for title, _ in PARTS[part].checks.values()]


# Paths named in comments and docstrings: from the repository's root, or in an assignment folder.
NAMED = re.compile(r"(?<![\w/.])((?:autograder|tests|bench|docs|source|release|solutions|deeplearning)/[\w./-]*\w)")


def comments_and_docstrings(path):
    text = path.read_text()
    if path.suffix != ".py":
        yield text
        return
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            yield ast.get_docstring(node) or ""
    yield "\n".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)


def test_no_comment_names_a_file_that_does_not_exist():
    files = [*(REPO / "autograder").rglob("*.py"), *(REPO / "tests").glob("**/*.py"), *(REPO / "bench").glob("*.py"),
             *SOURCE.glob("*.py"), *(SOURCE / "deeplearning").rglob("*.py"), REPO / "README.md",
             *(REPO / "docs").glob("*.md"), REPO / "nbgrader_config.py"]
    missing = set()
    for path in files:
        for text in comments_and_docstrings(path):
            for named in NAMED.findall(text):
                if "<" in named or "*" in named or named.endswith("/"):
                    continue
                if not any((root / named).exists() for root in (REPO, SOURCE, REPO / "autograder", path.parent)):
                    missing.add(f"{path.relative_to(REPO)}: {named}")
    assert sorted(missing) == []


def test_the_readme_is_where_a_ta_starts():
    lines = (REPO / "README.md").read_text().splitlines()
    assert len(lines) <= 260
    for topic in ("docs/architecture.md", "Change how a part is graded", "Before the term"):
        assert any(topic in line for line in lines), topic


def picture():
    """The layers of autograder/ and the imports between them (a Mermaid diagram), from the code."""
    edges = graph()
    lines = ["flowchart TD"]
    for number, (title, heads) in enumerate(KIT_LAYERS):
        members = sorted(name for name in edges if name.split(".")[0] in heads)
        lines.append(f'    L{number}["{title}: {", ".join(members)}"]')
    arrows = sorted({(layer_of(source), layer_of(target)) for source, targets in edges.items() for target in targets
                     if layer_of(source) != layer_of(target)})
    lines += [f"    L{source} --> L{target}" for source, target in arrows]
    return "\n".join(lines)


def test_the_architecture_picture_is_the_code():
    text = ARCHITECTURE.read_text()
    block = re.search(r"```mermaid\n(.*?)\n```", text, flags=re.S)
    assert block and block.group(1) == picture(), "run `python tests/test_architecture.py` to redraw it"


if __name__ == "__main__":
    text = ARCHITECTURE.read_text()
    ARCHITECTURE.write_text(re.sub(r"```mermaid\n.*?\n```", lambda _: f"```mermaid\n{picture()}\n```", text, flags=re.S))
    print(f"redrew the picture in {ARCHITECTURE.relative_to(REPO)}")


def test_ci_runs_the_readmes_test_command_and_parses():
    """CI (.ci/run) runs exactly the README's test command, and bash can read it (a merge left conflict markers in
    it once, which no test saw)."""
    import subprocess

    ci = (REPO / ".ci" / "run").read_text()
    command = next(line.strip() for line in (REPO / "README.md").read_text().splitlines()
                   if line.strip().endswith("python -m pytest"))
    assert ci.strip().splitlines()[-1].strip() == command
    subprocess.run(["bash", "-n", str(REPO / ".ci" / "run")], check=True)


def test_no_file_holds_merge_conflict_markers():
    import subprocess

    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    marked = [name for name in tracked if (REPO / name).is_file() and (REPO / name).suffix in (
        "", ".py", ".md", ".sh", ".toml", ".cfg", ".txt", ".ipynb", ".html", ".json")
        and re.search(rb"^(<<<<<<< |>>>>>>> )", (REPO / name).read_bytes(), re.M)]
    assert not marked, f"merge conflict markers in {marked}"
