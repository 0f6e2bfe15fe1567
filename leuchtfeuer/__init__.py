"""Leuchtfeuer: a platform for small municipalities facing demographic change."""
