"""The live preview's one mkdocs hook (fairframe.preview names it in the staged config only): after
each rebuild, copy in the files written beside the staged pages (the form page) and the service
worker, as `fairframe build` adds them after its engine runs. Thin on purpose."""
from __future__ import annotations

import shutil
from pathlib import Path

from fairframe.website.offline import SERVICE_WORKER, service_worker

AFTER = "after-build"


def on_post_build(config):
    after = Path(config["config_file_path"]).parent / AFTER
    site = Path(config["site_dir"])
    for path in after.rglob("*"):
        if path.is_file():
            target = site / path.relative_to(after)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    (site / SERVICE_WORKER).write_text(service_worker(site, ()), encoding="utf-8")
