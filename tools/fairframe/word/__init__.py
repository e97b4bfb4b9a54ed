"""The Word framework: an editable .docx with content controls, rendered from the model."""
from .document import render_docx

__all__ = ["render_docx"]
