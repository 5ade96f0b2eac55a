"""Bundled assets (fonts with their licence), installed as the package ``takatof.assets``."""
