"""Instructor tooling of the fc_nets kit: release checks, solutions, grading."""
