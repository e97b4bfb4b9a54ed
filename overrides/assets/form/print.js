// The printed record: the print view (render.js's summary, without change links) and, on every
// printed page, the case reference and edition (top left, after "DRAFT" for a draft edition), the
// printed-on date (top right), the "not the official text" line with the edition's source below it
// (bottom left) and "Page 2 of 11" (bottom right). These are @page margin boxes in a CSSOM rule,
// which the Content-Security-Policy allows; the text is escaped as a CSS string.
import { longDate, today } from "./dates.js";
import { ui } from "./messages.js";
import { renderSummary } from "./render.js";

const config = JSON.parse(document.getElementById("ff-config").textContent);
const pageHeader = new CSSStyleSheet();
document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageHeader];

const quoted = (value) => value.replace(/[\\"]/g, "\\$&").replace(/[\u0000-\u001f\u007f]/g, " ");

// "Page {page} of {pages}" as CSS content: the words as strings, the numbers as the page counters.
function pageOfPages() {
  const counters = { page: "counter(page)", pages: "counter(pages)" };
  return ui("print_page").split(/(\{page\}|\{pages\})/).filter(Boolean)
    .map((part) => counters[part.slice(1, -1)] || `"${quoted(part)}"`).join(" ");
}

export function setPageHeader(text) {
  const box = "font-family: sans-serif; font-size: 8.5pt;";
  const heading = config.draft ? ui("print_draft", { heading: text }) : text;
  pageHeader.replaceSync(`@page {
    @top-left { content: "${quoted(heading)}"; ${box} }
    @top-right { content: "${quoted(ui("printed_on", { date: longDate(today()) }))}"; ${box} }
    @bottom-left { content: "${quoted(config.notOfficial)}\\A ${quoted(ui("print_source", { source: config.source }))}"; ${box} white-space: pre-wrap; }
    @bottom-right { content: ${pageOfPages()}; ${box} white-space: nowrap; } }`);
}

// Fills the print view from `record()` and `updated()` (the core's latest view) whenever the page
// is printed, and makes each of `buttons` print it.
export function setUpPrinting(record, updated, buttons) {
  const printView = () => {
    const shown = record();
    renderSummary(document.getElementById("ff-print-view"), shown, false, config.edition, updated());
    setPageHeader(ui("print_running", { reference: shown.case.reference || ui("print_not_given"), edition: config.edition }));
  };
  window.addEventListener("beforeprint", printView);
  for (const button of buttons) {
    button.addEventListener("click", () => {
      printView();
      window.print();
    });
  }
  setPageHeader(ui("print_header", { edition: config.edition }));
}
