"""Takatof Studio, the PySide6 desktop app. The only package (with main.py) that imports Qt."""
