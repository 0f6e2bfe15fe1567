"""Belonging (issue 21): gatherings."""
