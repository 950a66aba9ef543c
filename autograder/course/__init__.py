"""Course tooling, one module per job of the instructor: the release (release.py: stubs.py, leakcheck.py), the answer
key (solutions.py, notebooks.py), the grader's references (references.py, compare.py), the grade cells
(grade_cells.py), Gradescope (gradescope.py), nbgrader (nbgrader_hooks.py, nbgrader_cli.py), grades out (canvas.py),
the class report (class_report.py, similarity.py) and the demo (demo.py).
"""
