# nbgrader's settings for everyone on the course's JupyterHub: students, instructors and graders.
#
# Copy this file to /etc/jupyter/nbgrader_config.py (or to etc/jupyter/ in the Python environment the
# Hub's servers run) and set the exchange's path below. It is all that students' nbgrader reads, so it
# imports nothing of the kit (students cannot read the instructor's copy). The instructor's commands read
# it too, then the course's own nbgrader_config.py.
c = get_config()  # noqa: F821

# The exchange: one folder that every server on the Hub sees (a shared disk where the servers run on
# several machines). The admin creates it, writable by everyone, as nbgrader's documentation says:
#     mkdir -p /srv/nbgrader/exchange && chmod 777 /srv/nbgrader/exchange
# nbgrader creates the rest (fc_nets_course/outbound 755, inbound 2733, feedback 711) at the first release.
c.Exchange.root = "/srv/nbgrader/exchange"

# The course: the id the kit's nbgrader_config.py gives it (COURSE_ID in autograder/layout.py).
c.CourseDirectory.course_id = "fc_nets_course"

# What `nbgrader submit` leaves out of a student's assignment folder: nbgrader's defaults, and the copy of
# CIFAR-10 that deeplearning/datasets/get_datasets.py installs there (178 MB). The experiment logs
# (submission_logs/) and figures/ are graded, so they go. The same list as NOT_SUBMITTED in
# autograder/layout.py, with which the instructor's `nbgrader collect` copies submissions.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                            "cifar-10-batches-py", "*.tar.gz", ".cifar10-install-*"]
# nbgrader measures the whole folder, data set included, before it leaves anything out, and refuses one
# larger than max_dir_size (default 100 MB): with the data set a student's folder holds about 200 MB.
c.CourseDirectory.max_dir_size = 1_000_000  # kilobytes
