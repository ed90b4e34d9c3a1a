"""Data files (icons, guidance, schemas, fonts); installed as the package ``pj_resources``."""
