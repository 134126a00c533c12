/* Accessible names for the theme's icon-only controls (issue 23), so that every page passes
   axe-core's WCAG 2.1 AA checks (tests/test_browser.py runs the audit). Nothing changes on screen.
   - Each expand/collapse arrow of the sidebar (a <summary> holding only an icon) is named after
     the page whose sub-pages it shows ("Pages under Prompting"); screen readers add "expanded"
     or "collapsed" themselves.
   - The search field's button is named by its visible text ("Search Ctrl+K"), so the name a
     speech-input user says matches what they see.
   - The colour-mode button's name adds the mode its icon shows ("Color mode: Dark"), which the
     icon's title already says, and follows each click.
   - A folded code cell (myst-nb's hide-input, the notebooks' set-up) is named by its visible text
     ("Show code cell source") instead of myst-nb's "Toggle hidden content". */
(function () {
  "use strict";
  function colourMode() {
    var mode = document.documentElement.dataset.mode || "auto";
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      var icon = button.querySelector('.theme-switch[data-mode="' + mode + '"]');
      var title = icon && (icon.getAttribute("title") || (icon.querySelector("title") || {}).textContent);
      if (title) button.setAttribute("aria-label", "Color mode: " + title);
    });
  }
  function nameControls() {
    document.querySelectorAll("nav details > summary").forEach(function (summary) {
      var link = summary.parentElement.parentElement.querySelector(":scope > a");
      if (link && !summary.hasAttribute("aria-label")) {
        summary.setAttribute("aria-label", "Pages under " + link.textContent.trim());
      }
    });
    document.querySelectorAll("details.hide > summary[aria-label]").forEach(function (summary) {
      summary.removeAttribute("aria-label");
    });
    document.querySelectorAll(".search-button-field").forEach(function (button) {
      button.removeAttribute("aria-label");
      button.setAttribute("aria-keyshortcuts", "Control+K");
    });
    colourMode();
  }
  new MutationObserver(colourMode).observe(document.documentElement, {attributeFilter: ["data-mode"]});
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", nameControls);
  } else {
    nameControls();
  }
  window.addEventListener("load", nameControls);  // Font Awesome has turned the icons into <svg>s
})();
