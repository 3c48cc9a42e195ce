#!/usr/bin/env python3
"""Builds coroguard's documentation tree: docs/ copied as Markdown, and each
page also rendered to HTML when a Markdown tool is available.

    render_docs.py --src docs --out build/share/doc/coroguard \
                   --renderer markdown|pandoc|none [--stamp FILE]

markdown: Debian's python3-markdown (import markdown); pandoc: Debian's
pandoc on PATH; none: the Markdown files only. Links between pages
(`checks/coro-x.md`, `../cli.md#exit-codes`) point to the rendered `.html`
pages in the HTML. Every file is written to a temporary name and renamed, so
an interrupted build never leaves a half-written page.
"""
import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile

STYLE = """body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.5}
code,pre{font-family:ui-monospace,monospace}pre{background:#f4f4f4;padding:.6em;overflow-x:auto}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}"""

# A relative link to a .md page (not a URL): href="x.md" or href="x.md#anchor".
MD_LINK = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:)([^"#]*)\.md(#[^"]*)?"')


def write_atomic(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def render(text, renderer):
    if renderer == "markdown":
        import markdown
        return markdown.markdown(text, extensions=["tables", "fenced_code", "toc"])
    out = subprocess.run(["pandoc", "--from=gfm", "--to=html5"], input=text.encode("utf-8"),
                         stdout=subprocess.PIPE, check=True)
    return out.stdout.decode("utf-8")


def title_of(text, fallback):
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip().strip("`")
    return fallback


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--renderer", choices=["markdown", "pandoc", "none"], required=True)
    parser.add_argument("--stamp")
    args = parser.parse_args()

    pages = 0
    for root, _, files in os.walk(args.src):
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            src = os.path.join(root, name)
            rel = os.path.relpath(src, args.src)
            with open(src, encoding="utf-8") as f:
                text = f.read()
            write_atomic(os.path.join(args.out, rel), text.encode("utf-8"))
            if args.renderer != "none":
                body = MD_LINK.sub(lambda m: 'href="%s.html%s"' % (m.group(1), m.group(2) or ""),
                                   render(text, args.renderer))
                title = html.escape(title_of(text, rel[:-3]))
                page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                        f"<title>{title} — coroguard</title><style>{STYLE}</style></head>\n"
                        f"<body>\n{body}\n</body></html>\n")
                write_atomic(os.path.join(args.out, rel[:-3] + ".html"), page.encode("utf-8"))
            pages += 1
    if pages == 0:
        sys.stderr.write(f"render_docs.py: no .md page under {args.src}\n")
        return 1
    if args.stamp:
        write_atomic(args.stamp, f"{pages} pages, renderer {args.renderer}\n".encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
