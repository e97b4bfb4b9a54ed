"""mkdocs-macros module: exposes the model to the hand-written pages in docs/."""
from __future__ import annotations

from fairframe.website.context import framework_for
from fairframe.website.pages import principle_uri
from fairframe.templating import inline, long_date, markdown_text, render


def define_env(env):
    framework = framework_for(env.conf)
    env.variables["framework"] = framework
    env.variables["edition"] = framework.edition
    edition = framework.edition
    # overrides/main.html shows this banner at the top of every page of a draft edition (none when published)
    env.conf["extra"]["draft_banner"] = f"Edition {edition.id}. {edition.draft_notice}" if edition.draft else ""
    env.filter(long_date)
    env.filter(inline)  # source text in docs/*.md: shown as text, never as markup
    env.filter(markdown_text)

    @env.macro
    def principle_link(principle, prefix: str = "") -> str:
        """A Markdown link to a principle's page, relative to the page using it."""
        return f"[{inline(principle.title)}]({prefix}{principle_uri(principle)})"

    @env.macro
    def guidance() -> str:
        """Every guidance section and the national policies, as Markdown."""
        return render("website", "guidance.md.j2", framework=framework)
