"""Models of this part (see HOUSE_STYLE.md: models hold data and invariants, services change them)."""
