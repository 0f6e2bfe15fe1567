"""The site around the parts: start page, "Mein Bereich", legal pages, demo content.

The top layer beside the API: it may import every part (to list towns, gather the personal
panels, load each part's demo content); no part imports it.
"""
