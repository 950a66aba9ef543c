"""Replace the solution regions of the student package's .py files with stubs.

nbgrader clears solution regions in notebooks only and copies every other file
verbatim, so the release hook runs this on the released .py files. Each region
between the solution delimiters becomes

    # YOUR CODE HERE
    raise NotImplementedError("<function> in <file>: implement the TODO above this line")

at the indentation of the opening delimiter; hidden-test regions are removed.
"""
import ast
from pathlib import Path

from ..layout import BEGIN_HIDDEN, BEGIN_SOLUTION, END_HIDDEN, END_SOLUTION


class StubError(ValueError):
    pass


def _function_names_by_line(text):
    """Map each line number to the qualified name of the innermost function around it."""
    names = {}

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + child.name
                if not isinstance(child, ast.ClassDef):
                    for line in range(child.lineno, child.end_lineno + 1):
                        names[line] = name
                visit(child, name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(text), "")
    return names


def stub_source(text, relpath):
    """Return (stubbed text, number of solution regions replaced) for one .py file."""
    names = _function_names_by_line(text)
    lines = text.split("\n")
    out, region = [], None  # region: None, "solution" or "hidden"
    replaced = 0
    for number, line in enumerate(lines, start=1):
        begins = {"solution": BEGIN_SOLUTION in line, "hidden": BEGIN_HIDDEN in line}
        ends = {"solution": END_SOLUTION in line, "hidden": END_HIDDEN in line}
        if any(begins.values()):
            if region is not None:
                raise StubError(f"{relpath}:{number}: a region opens inside another region")
            region = "solution" if begins["solution"] else "hidden"
            if region == "solution":
                indent = line[: len(line) - len(line.lstrip())]
                where = names.get(number, "module level")
                out.append(f"{indent}# YOUR CODE HERE")
                out.append(
                    f'{indent}raise NotImplementedError("{where} in {relpath}: implement the TODO above this line")'
                )
                replaced += 1
        elif any(ends.values()):
            if region is None or not ends[region]:
                raise StubError(f"{relpath}:{number}: a region closes that was not opened")
            region = None
        elif region is None:
            out.append(line)
    if region is not None:
        raise StubError(f"{relpath}: a {region} region is never closed")
    stubbed = "\n".join(out)
    try:
        compile(stubbed, relpath, "exec")
    except SyntaxError as exc:
        raise StubError(f"{relpath}: the stubbed file is not valid Python: {exc}") from exc
    return stubbed, replaced


def stub_package(folder):
    """Stub every .py file under folder in place; return {relative path: regions replaced}."""
    folder = Path(folder)
    report = {}
    for path in sorted(folder.rglob("*.py")):
        text = path.read_text()
        if BEGIN_SOLUTION not in text and BEGIN_HIDDEN not in text:
            continue
        relpath = path.relative_to(folder).as_posix()
        stubbed, report[relpath] = stub_source(text, relpath)
        path.write_text(stubbed)
    return report
