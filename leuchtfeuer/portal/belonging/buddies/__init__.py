"""Belonging (issue 21): buddies."""
