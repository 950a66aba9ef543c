# nbgrader configuration of the kit; nbgrader reads it when run from this folder.
import os

from autograder.layout import NOT_DISTRIBUTED
from autograder.release import post_convert_hook

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "fc_nets_course"
c.CourseDirectory.ignore = NOT_DISTRIBUTED

# nbgrader copies .py files verbatim: this hook stubs their solution regions and
# refuses the release (exit 1, release deleted) if the leak check finds anything.
c.GenerateAssignment.post_convert_hook = post_convert_hook
