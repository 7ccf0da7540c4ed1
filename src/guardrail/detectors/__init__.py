"""Detectors: the compiled checks behind policies. See `base` for the plug-in shape."""
