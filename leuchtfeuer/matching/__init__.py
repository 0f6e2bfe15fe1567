"""Matching-Agentur: spaces, seekers and money brought together (issue 17, seed 004)."""
