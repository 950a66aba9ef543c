"""Student code written in many styles, and the typical mistakes: the variants of tests/variants/, applied to an
assignment folder.

A variant is a Python file (tests/variants/<group>/<name>.py). FILE names the student file it changes; EXPECT maps
the part where its bug lives to a phrase the feedback must contain ({} for correct code). Every top-level function
and every method of every class it defines replaces the one of the same name in FILE (a function FILE lacks is added
at its end; its top-level imports are added). The mutants (tests/variants/mutants/) are the answer key with one
typical mistake each; they also say MISTAKE (the id the grader names, "<part>/<mistake>") and PUBLIC (whether the
students' public checks name it too), and a mutant of a log defines edit(path), which changes the log at FILE.

The tests, the harness (tests/variants/harness.py), the benchmarks and the demo make submissions from them.
"""
import ast
import importlib.util
import shutil
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from ..layout import REPO

VARIANTS = REPO / "tests" / "variants"
MUTANTS = VARIANTS / "mutants"


@dataclass(frozen=True)
class Variant:
    name: str
    file: str
    expect: dict
    path: Path
    mistake: str = None
    public: bool = None
    log: bool = False  # a mutant of a log: its file defines edit(path)

    @classmethod
    def read(cls, path):
        meta, log = {}, False
        for node in ast.parse(Path(path).read_text()).body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and node.targets[0].id in ("FILE", "EXPECT", "MISTAKE", "PUBLIC")):
                meta[node.targets[0].id] = ast.literal_eval(node.value)
            log = log or (isinstance(node, ast.FunctionDef) and node.name == "edit")
        return cls(Path(path).stem, meta["FILE"], meta["EXPECT"], Path(path), meta.get("MISTAKE"), meta.get("PUBLIC"),
                   log)

    @property
    def message(self):
        """A mutant's phrase: what the feedback of the part where its bug lives must contain."""
        (phrase,) = self.expect.values()
        return phrase

    def apply(self, assignment):
        """Put this variant's code into the assignment folder (in place), or make its log edit there."""
        target = Path(assignment) / self.file
        if self.log:
            _module(self.path).edit(target)
        else:
            target.write_text(patch_source(target.read_text(), self.path.read_text()))

    def make(self, solved, dest):
        """A copy of the solved assignment folder at dest with this variant in place; returns dest."""
        shutil.copytree(solved, dest, ignore=shutil.ignore_patterns("figures", "__pycache__"))
        self.apply(dest)
        return Path(dest)


def corpus():
    """Every variant of tests/variants/*/ (correct code, bugs, and the mutants), by name."""
    return {path.stem: Variant.read(path) for path in sorted(VARIANTS.glob("*/*.py"))
            if not path.name.startswith(("_", "check_")) and "EXPECT" in path.read_text()}


def mutants():
    """The mutants, in the order of the parts where their bugs live."""
    from ..parts import PARTS

    found = [Variant.read(path) for path in sorted(MUTANTS.glob("*.py")) if not path.name.startswith("_")]
    order = list(PARTS)
    return sorted(found, key=lambda mutant: (order.index(mutant.mistake.split("/")[0]), mutant.name))


def make_mutant(solved, dest, name):
    """A copy of the solved assignment folder at dest with the named mutant's bug; returns dest."""
    return Variant.read(MUTANTS / f"{name}.py").make(solved, dest)


def _module(path):
    """The module of a variant's file (a mutant of a log may import its folder's _logs.py)."""
    spec = importlib.util.spec_from_file_location(f"variant_{Path(path).stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(Path(path).parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(Path(path).parent))
    return module


def _segment(lines, node):
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return textwrap.dedent("\n".join(lines[first - 1:node.end_lineno]))


def _functions(tree):
    """{(class or None, name): FunctionDef} of a module's top-level functions and its classes' methods."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found[(None, node.name)] = node
        elif isinstance(node, ast.ClassDef):
            found.update({(node.name, item.name): item for item in node.body if isinstance(item, ast.FunctionDef)})
    return found


def patch_source(text, variant_source):
    """text (a student file) with the variant's functions, methods and imports put in."""
    variant_lines, tree = variant_source.splitlines(), ast.parse(variant_source)
    wanted = {key: _segment(variant_lines, node) for key, node in _functions(tree).items()}
    imports = [_segment(variant_lines, node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    lines, target = text.splitlines(), ast.parse(text)
    places = _functions(target)
    edits, added = [], []
    for key, code in wanted.items():
        if key in places:
            node = places[key]
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            edits.append((first, node.end_lineno, textwrap.indent(code, " " * node.col_offset).splitlines()))
        elif key[0] is None:
            added.append(code)  # a helper function of the variant's own
        else:
            raise KeyError(f"{key[0]}.{key[1]} is not defined in the target file")
    for first, last, new in sorted(edits, reverse=True):
        lines[first - 1:last] = new
    last_import = max(node.end_lineno for node in target.body if isinstance(node, (ast.Import, ast.ImportFrom)))
    lines[last_import:last_import] = [line for code in imports for line in code.splitlines()]
    return "\n".join(lines + [""] + [line for code in added for line in ["", "", *code.splitlines()]]) + "\n"
