"""Server-rendered, accessible SVG charts (no JavaScript, no external assets, CSP-safe).

Pure Python without Django: each function takes plain numbers and returns an SVG string. Only
presentation attributes are used (no style attributes), so the strict CSP holds. Every chart
has a <title> and <desc>; templates always show the same numbers as a data table next to it.
"""

from leuchtfeuer.core.charts.svg import bar_chart, line_chart, map_svg, pyramid

__all__ = ["bar_chart", "line_chart", "map_svg", "pyramid"]
