"""fairframe: builds the fairness and proportionality framework site and downloads from one YAML source.

`fairframe.core` is the model (standard library only, so it also runs inside Pyodide); the other
modules are build-time tools (YAML loading, mkdocs hooks, renderers, the command line).
"""
