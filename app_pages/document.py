"""The page's language in the browser: ``<html lang>`` and the labels Streamlit draws itself.

Streamlit serves ``<html lang="en">`` whatever the app's language, and has no parameter for the texts of its own
controls (the file uploader's "Upload" button and "1MB per file" line, the chart and table menus). Screen readers
and translation tools read the ``lang`` attribute, and an Indonesian page should not speak English in its buttons.
:func:`set_language` draws a tiny script (``st.html`` with JavaScript allowed, so not iframed) that sets the
attribute on every run and swaps those labels, exact texts only (:data:`simulator.report.i18n.STREAMLIT_LABELS`),
as Streamlit draws them, in text and in ``aria-label``/``title``/``placeholder``. In Indonesian it also writes
slider values with the language's marks ("1,0", "4.000"): sliders take only printf formats (sprintf-js), which know
no decimal comma and no "." grouping.

The script's text depends only on the language, so Streamlit redraws it (and the browser runs it again) exactly
when the language changes or another page is shown.
"""

from __future__ import annotations

import functools
import json
import re

import streamlit as st

from simulator.report.i18n import STREAMLIT_LABELS

SLIDER_VALUES = '[data-testid="stSliderThumbValue"], [data-testid="stSliderTickBar"]'
"""Where a slider writes its values (the thumb's, the minimum and maximum under it)."""

_SCRIPT = """<script>
(() => {
  const lang = __LANG__, exact = __EXACT__, patterns = __PATTERNS__.map(([from, to]) => [new RegExp(from), to]);
  const comma = lang === "id", sliders = __SLIDERS__;
  const ATTRIBUTES = ["aria-label", "title", "placeholder", "aria-valuetext"];
  document.documentElement.lang = lang;
  const swap = (value) => {
    const bare = value.trim();
    if (!bare) return value;
    if (Object.hasOwn(exact, bare)) return value.replace(bare, exact[bare]);
    for (const [from, to] of patterns) if (from.test(bare)) return value.replace(from, to);
    return value;
  };
  // Sliders take printf formats only (no decimal comma, no "." grouping): Indonesian shows Streamlit's "4000"
  // and "1.0" as "4.000" and "1,0"; English shows them as Streamlit writes them. Each value remembers what
  // Streamlit wrote (__umkmRaw), so a switch of language formats that again, never its own output.
  const local = (raw) => {
    const match = comma && /^-?\\d+(?:\\.(\\d+))?$/.exec(raw);
    if (!match) return raw;
    const digits = match[1] ? match[1].length : 0;
    return new Intl.NumberFormat("id-ID", {minimumFractionDigits: digits, maximumFractionDigits: digits})
      .format(Number(raw));
  };
  const fixNumber = (holder, current, write) => {
    if (current !== holder.__umkmShown) holder.__umkmRaw = current;  // Streamlit wrote a new value
    holder.__umkmShown = local(holder.__umkmRaw);
    if (current !== holder.__umkmShown) write(holder.__umkmShown);
  };
  const fixText = (node) => {
    const parent = node.parentElement;
    if (parent && parent.closest(sliders)) return fixNumber(node, node.nodeValue, (v) => { node.nodeValue = v; });
    const next = swap(node.nodeValue);
    if (next !== node.nodeValue) node.nodeValue = next;  // in place: React keeps its text node
  };
  const fixElement = (element) => {
    for (const name of ATTRIBUTES) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      if (name === "aria-valuetext") {
        fixNumber(element, value, (v) => element.setAttribute(name, v));
        continue;
      }
      const next = swap(value);
      if (next !== value) element.setAttribute(name, next);
    }
  };
  const fix = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixElement(root);
    root.querySelectorAll(ATTRIBUTES.map((name) => `[${name}]`).join(",")).forEach(fixElement);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) fixText(node);
  };
  if (window.__umkmLanguage) window.__umkmLanguage.disconnect();
  const observer = new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "childList") change.addedNodes.forEach(fix);
      else if (change.type === "characterData") fixText(change.target);
      else fixElement(change.target);
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                                   attributeFilter: ATTRIBUTES});
  window.__umkmLanguage = observer;
  fix(document.body);
})();
</script>"""


def _pattern(label: str) -> str:
    """A label with ``{placeholders}`` as an anchored regular expression, each placeholder a group."""
    parts = re.split(r"\{\w+\}", label)
    return "^" + "(.+?)".join(re.escape(part) for part in parts) + "$"


def _replacement(label: str, template: str) -> str:
    """``template``'s placeholders as the groups of :func:`_pattern` of ``label`` (JavaScript's ``$1``...)."""
    names = re.findall(r"\{(\w+)\}", label)
    return re.sub(r"\{(\w+)\}", lambda m: f"${names.index(m.group(1)) + 1}", template)


@functools.lru_cache(maxsize=4)
def script(language: str) -> str:
    """The page script for ``language``: sets ``<html lang>`` and swaps Streamlit's labels into it.

    It maps the other language's labels too, so switching back undoes the swap of texts React does not redraw.
    """
    exact: dict[str, str] = {}
    patterns: list[tuple[str, str]] = []
    for entry in STREAMLIT_LABELS.values():
        target = entry.get(language, entry["en"])
        for source in (entry["en"], entry["id"]):
            if source == target:
                continue
            if "{" in source:
                patterns.append((_pattern(source), _replacement(source, target)))
            else:
                exact[source] = target
    return (_SCRIPT.replace("__LANG__", json.dumps(language)).replace("__EXACT__", json.dumps(exact))
            .replace("__PATTERNS__", json.dumps(patterns)).replace("__SLIDERS__", json.dumps(SLIDER_VALUES)))


def set_language(language: str) -> None:
    """Draw the page script for ``language`` (call on every run of every page, e.g. from ``app.py``)."""
    st.sidebar.html(script(language), unsafe_allow_javascript=True)
