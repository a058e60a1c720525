__version__ = "0.1.0"
"""The version of radical_social (PEP 440), as ``radical-social --version`` prints it."""
