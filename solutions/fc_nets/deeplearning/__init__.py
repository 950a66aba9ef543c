"""Course package of the fully-connected nets assignment: layers, models, solver, data."""
