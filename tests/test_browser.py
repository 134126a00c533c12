"""The built website in a real browser: Debian's Chromium, driven by Playwright, over 127.0.0.1.

Every page is opened once; the checks below read what the browser recorded. Screenshots of a few
pages at desktop and phone widths are written to _build/screenshots for people to look at.
Accessibility (WCAG 2.1 AA, as the Carpentries ask): axe-core, vendored in tests/vendor, audits every
page in light and in dark mode, and one episode is worked through with the keyboard alone.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REPO = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"].rstrip("/")
REPO = REPO.removeprefix("https://github.com/")
AXE = ROOT / "tests" / "vendor" / "axe-core-4.14.1.min.js"  # npm axe-core 4.14.1, MPL-2.0
SCREENSHOTS = {"index": "index", "episodes/02-text-generation": "episode-02",
               "notebooks/07-rag": "notebook-07"}


class Served(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url(site):
    handler = functools.partial(Served, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `python tools/setup.py` installs Debian's chromium package "
                    "where it can; elsewhere install Chromium and put it on PATH as `chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# axe-core's findings that fail the audit: serious and critical ones (minor and moderate ones, such
# as best-practice rules about landmarks, are not WCAG failures).
AXE_RUN = """axe.run(document, {resultTypes: ['violations']}).then(result => result.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.id} (${v.impact}, ${v.nodes.length}x): `
             + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', ')))"""

# Contrast that axe-core leaves unjudged: the lesson's block titles (_static/lesson.css) sit on a
# tint drawn by a ::before pseudo-element, which axe reports as "incomplete", and the Core label is
# pseudo-element text, which axe does not read. Text needs 4.5:1 on the tint over the block.
BLOCK_CONTRAST = r"""(() => {
  const rgba = c => { const n = c.match(/[\d.]+/g).map(Number), s = c.startsWith('color(') ? 255 : 1;
                      return [n[0] * s, n[1] * s, n[2] * s, n.length > 3 ? n[3] : 1]; };
  const over = (top, below) => [0, 1, 2].map(i => top[i] * top[3] + below[i] * (1 - top[3])).concat(1);
  const ground = e => e ? over(rgba(getComputedStyle(e).backgroundColor), ground(e.parentElement))
                        : [255, 255, 255, 1];
  const lum = c => [0, 1, 2].map(i => c[i] / 255).map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
                     .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (fg, bg) => { const a = lum(over(fg, bg)), b = lum(bg);
                              return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
  const low = [];
  for (const title of document.querySelectorAll('main .admonition-title')) {
    const tint = over(rgba(getComputedStyle(title, '::before').backgroundColor), ground(title));
    const checks = [[title.textContent.trim().slice(0, 40), getComputedStyle(title).color, tint]];
    for (const number of title.querySelectorAll('.caption-number')) {
      const label = getComputedStyle(number, '::before');
      if (label.content.startsWith('"')) {
        checks.push([label.content, label.color, over(rgba(label.backgroundColor), tint)]);
      }
    }
    for (const [text, colour, bg] of checks) {
      const r = ratio(rgba(colour), bg);
      if (r < 4.5) low.push(`color contrast of block title ${text}: ${r.toFixed(2)}`);
    }
  }
  return low;
})()"""


def audit(page) -> list[str]:
    """What fails WCAG 2.1 AA on the page now: axe-core's serious and critical findings, and the
    contrast of the lesson's block titles."""
    page.add_script_tag(path=AXE)
    return page.evaluate(AXE_RUN) + page.evaluate(BLOCK_CONTRAST)


def page_names(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site).with_suffix("")) for p in site.rglob("*.html")
                  if not p.relative_to(site).parts[0].startswith("_"))


@pytest.fixture(scope="module")
def visits(site, base_url, browser):
    """Open every page once; record errors, off-site requests, images, headings and links."""
    records = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    for name in page_names(site):
        page = context.new_page()
        record = {"errors": [], "offsite": [], "failed": []}
        page.on("console", lambda m, r=record: r["errors"].append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, r=record: r["errors"].append(str(e)))
        page.on("requestfailed", lambda q, r=record: r["failed"].append(q.url))
        page.on("request", lambda q, r=record: r["offsite"].append(q.url)
                if not q.url.startswith((base_url, "data:", "blob:")) else None)
        page.goto(base_url + name + ".html", wait_until="networkidle")
        record["lang"] = page.evaluate("document.documentElement.lang")
        record["broken_images"] = page.evaluate(
            "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        record["headings"] = page.evaluate(
            "Array.from(document.querySelectorAll('main h1, main h2, main h3, main h4'))"
            ".map(h => Number(h.tagName[1]))")
        record["colab"] = page.evaluate(
            "Array.from(document.querySelectorAll('a[href*=\"colab.research.google.com\"]')).map(a => a.href)")
        record["theme"] = page.evaluate("document.documentElement.dataset.theme")
        record["axe"] = audit(page)
        if name in SCREENSHOTS:
            shots = ROOT / "_build" / "screenshots"
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=shots / f"{SCREENSHOTS[name]}-desktop.png")
            page.set_viewport_size({"width": 390, "height": 844})
            page.reload(wait_until="networkidle")
            page.screenshot(path=shots / f"{SCREENSHOTS[name]}-phone.png")
        records[name] = record
        page.close()
    context.close()
    return records


@pytest.fixture(scope="module")
def dark_mode_audit(site, base_url, browser):
    """Every page again, in the theme's dark mode (what its button stores), audited as in `visits`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark')")
    page = context.new_page()
    records = {}
    for name in page_names(site):
        page.goto(base_url + name + ".html", wait_until="load")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark", name
        records[name] = audit(page)
    context.close()
    return records


def test_every_page_loads_without_errors(visits):
    problems = {name: r["errors"] + r["failed"] for name, r in visits.items() if r["errors"] or r["failed"]}
    assert problems == {}


def test_nothing_is_fetched_from_other_hosts(visits):
    """The site works offline: fonts, scripts (MathJax included) and images are all local."""
    assert {name: r["offsite"] for name, r in visits.items() if r["offsite"]} == {}


def test_every_image_loads(visits):
    assert {name: r["broken_images"] for name, r in visits.items() if r["broken_images"]} == {}


def test_language_is_set_and_headings_are_in_order(visits):
    for name, r in visits.items():
        assert r["lang"] == "en", name
        levels = r["headings"]
        if levels:
            assert levels[0] == 1, name
            assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (name, levels)


def test_colab_buttons_point_at_the_notebook(visits):
    notebooks = [n for n in visits if n.startswith("notebooks/")]
    assert notebooks
    for name in notebooks:
        expected = f"https://colab.research.google.com/github/{REPO}/blob/main/{name}.ipynb"
        assert visits[name]["colab"] and set(visits[name]["colab"]) == {expected}, name


def test_every_page_passes_axe_core_in_light_mode(visits):
    assert {name for name, r in visits.items() if r["theme"] != "light"} == set()
    assert {name: r["axe"] for name, r in visits.items() if r["axe"]} == {}


def test_every_page_passes_axe_core_in_dark_mode(dark_mode_audit):
    assert {name: found for name, found in dark_mode_audit.items() if found} == {}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def test_every_internal_link_resolves(site):
    parsed = {}
    for path in site.rglob("*.html"):
        parser = Links()
        parser.feed(path.read_text(encoding="utf-8"))
        parsed[path] = parser
    broken = []
    for path, parser in parsed.items():
        for href in parser.hrefs:
            url = urlparse(href)
            if url.scheme or href.startswith(("mailto:", "javascript:")):
                continue
            target = (path.parent / unquote(url.path)).resolve() if url.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(site)} -> {href}")
            elif url.fragment and target.suffix == ".html" and target in parsed \
                    and unquote(url.fragment) not in parsed[target].ids:
                broken.append(f"{path.relative_to(site)} -> {href} (no such anchor)")
    assert broken == []


def test_solutions_are_hidden_until_opened(base_url, browser):
    page = browser.new_page()
    page.goto(base_url + "episodes/01-introduction.html", wait_until="networkidle")
    solution = page.locator("div.solution").first
    body = solution.locator("p").nth(1)
    assert not body.is_visible()
    solution.locator("button").first.click()
    body.wait_for(state="visible", timeout=5000)
    assert body.is_visible()
    page.close()


def test_instructor_notes_are_hidden_until_opened(base_url, browser):
    """Learners see each instructor note's title, not its text; one click shows it."""
    page = browser.new_page()
    page.goto(base_url + "episodes/02-text-generation.html", wait_until="networkidle")
    notes = page.locator("div.admonition.instructor")
    assert notes.count() >= 1
    for i in range(notes.count()):
        assert notes.nth(i).locator("p.admonition-title").is_visible()
        assert not notes.nth(i).locator("p").nth(1).is_visible(), f"note {i} shows its text"
    notes.first.locator("button").first.click()
    notes.first.locator("p").nth(1).wait_for(state="visible", timeout=5000)
    page.close()


# The controls of an episode's text that a keyboard must reach: links, buttons (instructor-note and
# solution toggles, copy buttons), quiz options (<summary>), form fields and tabs (sphinx-design
# tabs are radio inputs), scrollable code; those visible when the page opens.
MARK_CONTROLS = """(() => {
  const controls = Array.from(document.querySelectorAll('main a[href], main button, main summary, main input, '
      + 'main select, main textarea, main [tabindex]:not([tabindex="-1"])'))
    .filter(e => e.checkVisibility({visibilityProperty: true}));
  controls.forEach((e, i) => { e.dataset.keyboardTest = i; });
  return controls.length;
})()"""
FOCUSED = """(async () => {
  const e = document.activeElement, style = getComputedStyle(e);
  for (let waited = 0; style.opacity !== '1' && waited < 2000; waited += 50) {  // copy buttons fade in
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  return {visible: style.opacity === '1', id: e.dataset.keyboardTest ?? null, top: e === document.body,
          name: e.tagName + '.' + (e.getAttribute('class') || '') + ' ' + (e.textContent || '').trim().slice(0, 30),
          quiz: e.matches('div.quiz details > summary'), note: e.matches('div.instructor button.toggle-button'),
          ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none'};
})()"""


def test_an_episode_works_with_the_keyboard_alone(base_url, browser):
    """Tab alone reaches every control of an episode's text, each with a visible focus ring (copy
    buttons appear); Enter opens a quiz option's feedback and an instructor note."""
    page = browser.new_page()
    page.goto(base_url + "episodes/02-text-generation.html", wait_until="networkidle")
    expected = page.evaluate(MARK_CONTROLS)
    reached, unseen, opened = set(), [], set()
    for _ in range(expected + 150):  # the header and sidebar come first
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["top"]:
            break
        if focused["id"] is not None:
            reached.add(int(focused["id"]))
            if not focused["visible"]:
                unseen.append(focused["name"] + " (transparent)")
            if not focused["ring"]:
                unseen.append(focused["name"] + " (no focus ring)")
        if focused["quiz"] and "quiz" not in opened:
            page.keyboard.press("Enter")
            page.wait_for_function("document.activeElement.parentElement.querySelector('.sd-summary-content')"
                                   ".checkVisibility()", timeout=5000)
            opened.add("quiz")
        if focused["note"] and "note" not in opened:
            page.keyboard.press("Enter")
            page.wait_for_function("document.activeElement.closest('div.instructor').querySelectorAll('p')[1]"
                                   ".checkVisibility({visibilityProperty: true})", timeout=5000)
            opened.add("note")
    page.close()
    assert opened == {"quiz", "note"}
    assert unseen == []
    assert expected > 20 and set(range(expected)) - reached == set()


VISIBLE_SEARCH = """Array.from(document.querySelectorAll(
    'input[type=search], .search-button__button, .search-button-field, #searchbox form'))
  .filter(e => e.checkVisibility())"""


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_each_page_has_one_search_box(base_url, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    for name in ["index", "episodes/07-rag", "notebooks/03-training"]:
        page.goto(base_url + name + ".html", wait_until="networkidle")
        assert page.evaluate(VISIBLE_SEARCH + ".length") == 1, name
    page.close()


def test_search_finds_a_term(base_url, browser):
    page = browser.new_page()
    page.goto(base_url + "search.html?q=temperature", wait_until="networkidle")
    page.wait_for_selector("ul.search li", timeout=15000)
    hits = page.eval_on_selector_all("ul.search li a", "links => links.map(a => a.href)")
    assert any("02-text-generation" in h for h in hits), hits
    page.close()


def test_each_script_and_style_sheet_is_included_once(site):
    """Jupyter Book registers every .js and .css file under _static itself; a second registration
    (in _config.yml) loads MathJax or the theme twice and throws errors in the browser."""
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        scripts = [s.split("?")[0] for s in re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)]
        sheets = [s.split("?")[0] for s in re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)]
        # Inline configuration scripts: a repeated `const` or `let` throws in the browser (sphinx-thebe's
        # did, so the book leaves that extension out); sphinx-togglebutton's `var` repeats harmlessly.
        inline = [b for b in re.findall(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", html, re.S)
                  if re.match(r"\s*(const|let)\s", b)]
        for kind, items in [("script", scripts), ("style sheet", sheets), ("inline script", inline)]:
            repeated = {i[:80] for i in items if items.count(i) > 1}
            assert not repeated, f"{path.relative_to(site)}: {kind} included twice: {repeated}"
    episode = (site / "episodes" / "02-text-generation.html").read_text(encoding="utf-8")
    assert sum("mathjax/tex-chtml.js" in s for s in re.findall(r"<script[^>]*>", episode)) == 1


def test_the_site_archive_works_opened_from_disk(site, browser, tmp_path):
    """The build packs the site into one archive for classrooms without a network: unzipped and
    opened from file://, pages link to each other, formulas render and search finds a term."""
    archive = site.parent / "llm-lesson-site.zip"
    assert archive.is_file(), "the build did not write _build/llm-lesson-site.zip"
    with zipfile.ZipFile(archive) as packed:
        packed.extractall(tmp_path)
    root = tmp_path / "llm-lesson-site"
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((root / "index.html").as_uri())
    page.click("nav a[href*='02-text-generation']")  # the sidebar leads to an episode
    page.wait_for_url("**/episodes/02-text-generation.html")
    page.wait_for_selector("mjx-container", timeout=15000)  # MathJax typeset the formulas
    assert page.locator("mjx-container").count() >= 2
    assert errors == []
    # Search works from disk too; only its text snippets are missing, because a browser does not
    # let a file:// page fetch other files ("Failed to fetch"), so results show titles alone.
    page.goto((root / "search.html").as_uri() + "?q=temperature")
    page.wait_for_selector("ul.search li", timeout=15000)
    hits = page.eval_on_selector_all("ul.search li a", "links => links.map(a => a.href)")
    assert any("02-text-generation" in h and h.startswith("file://") for h in hits), hits
    assert set(errors) <= {"Failed to fetch"}
    page.close()
