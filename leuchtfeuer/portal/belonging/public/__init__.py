"""Belonging (issue 21): public."""
