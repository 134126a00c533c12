"""Sphinx extension: include each script once per page.

With Jupyter Book 1, sphinx-thebe's configuration, togglebutton's selector and MathJax can be
added to a page twice; the second copy throws errors in the browser ("Identifier 'THEBE_JS_URL'
has already been declared", MathJax's "Cannot set property Package"). This keeps the first copy
of each script, compared by file name and inline body. _config.yml loads it as a local extension.
"""


def keep_first_of_each(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (getattr(script, "filename", str(script)) or "",
               getattr(script, "attributes", {}).get("body", ""))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", keep_first_of_each, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
