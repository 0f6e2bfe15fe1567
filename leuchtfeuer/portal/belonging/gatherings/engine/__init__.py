"""Pure computations of gatherings (no Django): the dates of a recurring event series."""
