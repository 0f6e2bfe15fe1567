"""Pure helpers every engine may use (no Django): German number formatting, umlaut folding."""
