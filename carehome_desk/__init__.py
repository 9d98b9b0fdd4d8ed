"""carehome-desk: offline records and Ofsted evidence packs for small children's homes."""

__version__ = "0.1.0"
