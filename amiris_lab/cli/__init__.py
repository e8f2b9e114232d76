"""The ``amiris-lab`` command line. Each sub-module registers its own sub-commands."""
