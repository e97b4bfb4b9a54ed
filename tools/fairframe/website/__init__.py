"""The site: its pages, the form page, the staging folder the site engine builds, and what is added
after it. Build time only."""
