"""qplan: read, compare and circulate quality work plans (质量工作要点)."""

__version__ = "0.1.0"
