"""The model of the framework: frozen dataclasses, validation and the record logic.

Standard library only: this package ships to the browser as a wheel and runs unchanged in Pyodide.
"""
