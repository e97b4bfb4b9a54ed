"""The mkdocs side: hooks and macros that put the model into the site. Build time only."""
