"""Belonging (issue 21): engagement."""
