"""The grading engine: one submission from its files to results.json (pipeline.py), and many at once (grade_all.py).

intake.py unpacks and assembles a submission (repair.py rebuilds its notebooks on the release); run_parts.py runs the
parts' probes in a sandbox (sandboxes.py starts it, oracle.py serves the correct layers, limits.py sets the time and
memory); scoring.py runs the hidden checks; report.py writes the results.
"""
