"""What runs next to student code, copied into every sandbox (standard library and numpy only, relative imports).

protocol.py is what the grader and the sandbox exchange (both import it); confinement.py the launcher that confines
a process (limits, Landlock, a private root) and isolation.py the unprivileged uid; supervisor.py runs the parts'
processes one after another, child.py is a part's process; stand_ins.py (the grader's correct layers, through a
pipe), replay.py (log replays and audits) and hangs.py (a hang found once) are what the parts' probes use.
"""
