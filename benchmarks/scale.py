#!/usr/bin/env python3
"""Benchmark: every command that renders nothing, at 100 and 1,000 articles in every locale.

For each size N (``--articles 100,1000``) it generates a project in a
temporary folder: N copies of the seed article (each its own slug) with the
seed's complete catalogs in every configured locale (the slug substituted in
the ``#:`` references and the ``Project-Id-Version``), so that the project is
at a fixed point of ``extract`` and ``update``.  Then it runs each command
twice in a fresh process, with nothing changed in between:

* the *first* run starts with an empty validation cache (a new project) and
  fills it (``extract`` and ``update`` of the first size are also checked to
  write nothing: the generated project really is unchanged);
* the *again* run is the figure the targets of issue 24 are about: "with
  nothing changed since the last run".

Commands: ``extract``, ``update`` (every locale in one invocation),
``check`` (every locale), ``status``, ``status --json``, ``all`` with
nothing to render, and ``verify`` when the toolkit has it.

``all`` needs a ``dist/`` that is current.  Rendering 9,000 handouts is not
what this benchmark measures (``render_speed.py`` measures one render), so
``dist/`` is prepared by ``export.py all`` run in-process with one
substitution, made here and nowhere else: the WeasyPrint call
(:func:`i18n.render.html.write_pdf`) renders each *distinct* HTML once and
writes the same bytes for every other handout with the same HTML, and the
thumbnail of identical PDF bytes is copied rather than made again by
``pdftoppm``.  The copies of the seed share their text, so each locale has
one distinct HTML: the bytes are exactly what WeasyPrint writes for that
HTML (the toolkit's PDFs are deterministic).  Everything else (the gate,
the HTML, the manifest, the library page and its cache) is the real code.
The timed ``all`` is the unpatched command line.

Reported per command and size: wall seconds, peak RSS of the command's
process (``os.wait4``), and at the largest size the cost per article
against the smallest (``(t_big / N_big) / (t_small / N_small)``; the target
is at most 1.2).  ``--profile CMD`` writes a cProfile of the *again* run of
one command at the largest size.  The library page's size is printed too;
its in-browser search latency is measured by ``library_search.py``.

    .venv/bin/python benchmarks/scale.py [--articles 100,1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "prp-basement-membrane"

#: Targets of issue 24 at 1,000 articles x 9 languages, in seconds.
TARGETS = {"extract": 10, "update": 20, "check": 15, "status": 5, "status --json": 5,
           "all": 10, "verify": 10}
MEMORY_TARGET_MB = 500
RATIO_TARGET = 1.2


# --- the project --------------------------------------------------------------------

def slug_of(index: int) -> str:
    return f"{SEED}-{index:04d}"


def make_project(root: Path, articles: int) -> list[str]:
    """A project in *root* with *articles* copies of the seed; returns its translated locales."""
    sys.path.insert(0, str(ROOT))
    from i18n.config import load_config
    from i18n.locales import parse_locale

    config = load_config(ROOT / "clinic.yaml")
    root.mkdir(parents=True)
    shutil.copy2(ROOT / "clinic.yaml", root / "clinic.yaml")
    for folder in ("assets", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "articles").mkdir()
    (root / "locales").mkdir()
    for name in ("handout.pot", "library.pot"):
        shutil.copy2(ROOT / "locales" / name, root / "locales" / name)
    article = (ROOT / "articles" / f"{SEED}.md").read_bytes()
    seed = SEED.encode("ascii")
    pot = (ROOT / "locales" / f"{SEED}.pot").read_bytes()
    translated = [parse_locale(tag) for tag in config.locales if tag != config.source_locale]
    catalogs = {}
    for locale in translated:
        source_dir = ROOT / "locales" / locale.posix
        target_dir = root / "locales" / locale.posix / "LC_MESSAGES"
        target_dir.mkdir(parents=True)
        for extra in ("glossary.csv", "reviews.json"):
            if (source_dir / extra).is_file():
                shutil.copy2(source_dir / extra, target_dir.parent / extra)
        for name in ("handout.po", "library.po"):
            shutil.copy2(source_dir / "LC_MESSAGES" / name, target_dir / name)
        catalogs[locale.posix] = (source_dir / "LC_MESSAGES" / f"{SEED}.po").read_bytes()
    for index in range(1, articles + 1):
        slug = slug_of(index).encode("ascii")
        (root / "articles" / f"{slug.decode()}.md").write_bytes(article)
        (root / "locales" / f"{slug.decode()}.pot").write_bytes(pot.replace(seed, slug))
        for posix, data in catalogs.items():
            (root / "locales" / posix / "LC_MESSAGES" / f"{slug.decode()}.po").write_bytes(
                data.replace(seed, slug))
    return [locale.tag for locale in translated]


# --- running commands -----------------------------------------------------------------

def run(root: Path, args: list[str], profile: Path | None = None) -> tuple[float, float, str]:
    """Run ``export.py ARGS`` in *root*: (wall seconds, peak RSS in MB, stdout)."""
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += [str(ROOT / "export.py"), *args]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=root, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if process.returncode not in (0,):
        sys.exit(f"failed ({process.returncode}): export.py {' '.join(args)}\n"
                 f"{stdout[-3000:]}{stderr[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024, stdout


def has_verify() -> bool:
    result = subprocess.run([sys.executable, str(ROOT / "export.py"), "verify", "--help"],
                            capture_output=True, cwd=ROOT)
    return result.returncode == 0


def commands(locales: list[str], verify: bool) -> dict[str, list[str]]:
    update = ["update"] + [arg for tag in locales for arg in ("--locale", tag)]
    found = {"extract": ["extract"], "update": update, "check": ["check"],
             "status": ["status"], "status --json": ["status", "--json"], "all": ["all"]}
    if verify:
        found["verify"] = ["verify"]
    return found


# --- dist/ without 9,000 renders ----------------------------------------------------------

def prepare_dist(root: Path) -> None:
    """``export.py all`` in this process, with each distinct HTML rendered once (see above)."""
    sys.path.insert(0, str(ROOT))
    os.chdir(root)
    import i18n.publish.library as library
    import i18n.publish.thumbnails as thumbnails
    import i18n.render.html as html_module
    from i18n.cli import cli
    from i18n.fileio import write_atomic

    real_write_pdf, real_thumbnail = html_module.write_pdf, thumbnails.make_thumbnail
    rendered: dict[str, tuple[bytes, object]] = {}
    render_seconds: list[float] = []
    thumbs: dict[str, bytes] = {}

    def write_pdf(html, target, options, *args, **kwargs):
        # The key: everything the render depends on but where it goes (and the renderer).
        extra = [repr(v) for i, v in enumerate(args) if i not in (1, 2)]
        extra += [f"{k}={v!r}" for k, v in sorted(kwargs.items())
                  if k not in ("renderer", "within")]
        key = hashlib.sha256("\0".join([repr(options), html, *extra]).encode("utf-8")).hexdigest()
        if key not in rendered:
            started = time.perf_counter()
            result = real_write_pdf(html, target, options, *args, **kwargs)
            render_seconds.append(time.perf_counter() - started)
            rendered[key] = (Path(target).read_bytes(), result)
        data, result = rendered[key]
        write_atomic(target, data)
        return dataclasses.replace(result, path=Path(target), size=len(data))

    def make_thumbnail(pdf, png, *args, **kwargs):
        key = hashlib.sha256(Path(pdf).read_bytes()).hexdigest()
        if key not in thumbs:
            if not real_thumbnail(pdf, png, *args, **kwargs):
                return False
            thumbs[key] = Path(png).read_bytes()
        write_atomic(png, thumbs[key])
        return True

    html_module.write_pdf = write_pdf
    thumbnails.make_thumbnail = make_thumbnail
    library.make_thumbnail = make_thumbnail
    try:
        cli.main(["all", "--jobs", "1"], standalone_mode=False)
    except SystemExit as exc:
        if exc.code:
            raise
    print(f"prepared dist/: {len(rendered)} distinct handout(s) rendered, "
          f"{len(thumbs)} thumbnail(s) made; render {statistics.mean(render_seconds):.2f} s "
          "a handout", file=sys.stderr)


# --- the benchmark ---------------------------------------------------------------------------

def measure(root: Path, articles: int, verify: bool, profile: str | None,
            profile_dir: Path) -> dict[str, dict]:
    locales = make_project(root, articles)
    from i18n.catalogs import cache
    cache.use_cache(root)      # the project's cache folder: empty for the first runs
    if cache.cache_folder() is not None:
        shutil.rmtree(cache.cache_folder(), ignore_errors=True)
    figures: dict[str, dict] = {}
    for name, args in commands(locales, verify).items():
        if name == "all":
            started = time.perf_counter()
            result = subprocess.run([sys.executable, __file__, "--prepare-dist", str(root)],
                                    capture_output=True, text=True)
            if result.returncode:
                sys.exit(f"preparing dist/ failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
            line = result.stderr.strip().splitlines()[-1]
            figures["render"] = {"seconds": float(line.rsplit("render ", 1)[1].split(" s")[0]),
                                 "prepare": time.perf_counter() - started}
            print(f"  [{articles}] {line}; in {figures['render']['prepare']:.0f} s",
                  flush=True)
        first, first_mb, out = run(root, args)
        if name in ("extract", "update") and "wrote" in out:
            sys.exit(f"the generated project is not at a fixed point: {name} wrote\n"
                     + "\n".join(l for l in out.splitlines() if l.startswith("wrote"))[:2000])
        target = profile_dir / f"{name.replace(' --', '-')}-{articles}.prof" \
            if profile == name else None
        again, again_mb, out = run(root, args, target)
        if name == "all" and ("0 built" not in out or "0 failed" not in out):
            sys.exit(f"'all' was meant to have nothing to render:\n{out[-2000:]}")
        figures[name] = {"first": first, "first_mb": first_mb, "again": again,
                         "again_mb": again_mb}
        print(f"  [{articles}] {name}: first {first:.2f} s, again {again:.2f} s, "
              f"peak {max(first_mb, again_mb):.0f} MB", flush=True)
    index = root / "dist" / "index.html"
    if index.exists():
        figures["library page"] = {"bytes": index.stat().st_size}
        cache = root / "dist" / "library-cache.json"
        figures["library cache"] = {"bytes": cache.stat().st_size if cache.exists() else 0}
    return figures


def report(sizes: list[int], results: dict[int, dict], verify: bool) -> None:
    small, big = sizes[0], sizes[-1]
    print()
    print(f"| command | {' | '.join(f'{n} articles' for n in sizes)} | peak RSS at {big} "
          f"| cost per article, {big} / {small} | target at 1,000 |")
    print("|---|" + "---|" * len(sizes) + "---|---|---|")
    for name in TARGETS:
        if name not in results[big]:
            continue
        cells = [f"{results[n][name]['again']:.2f} s" for n in sizes]
        peak = max(results[big][name]["first_mb"], results[big][name]["again_mb"])
        ratio = (results[big][name]["again"] / big) / (results[small][name]["again"] / small)
        print(f"| `{name}` | {' | '.join(cells)} | {peak:.0f} MB | {ratio:.2f}x "
              f"| < {TARGETS[name]} s, < {MEMORY_TARGET_MB} MB, <= {RATIO_TARGET}x |")
    print()
    print("first runs (empty validation cache): " + "; ".join(
        f"{name} {results[big][name]['first']:.1f} s" for name in TARGETS if name in results[big]))
    if not verify:
        print("verify: not measured ('export.py verify' does not exist in this toolkit yet)")
    renders = [results[n]["render"]["seconds"] for n in sizes if "render" in results[n]]
    if renders:
        each = statistics.mean(renders)
        total = 1_000 * 9 * each
        print(f"on paper, 1,000 x 9 handouts at {each:.2f} s a render (WeasyPrint's part, in a "
              f"warm renderer; the toolkit's own work adds about 0.1 s): 1 core {total / 3600:.1f} h; 8 cores {total / 8 / 60:.0f} min; "
              f"20 runners of 2 cores {total / 40 / 60:.0f} min of rendering each "
              "(plus set-up and the merge)")
    for n in sizes:
        page = results[n].get("library page", {}).get("bytes")
        cache = results[n].get("library cache", {}).get("bytes")
        if page:
            print(f"library page at {n} articles: {page / 1e6:.1f} MB; "
                  f"library-cache.json {cache / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", default="100,1000",
                        help="comma-separated sizes; the first is the baseline (default 100,1000)")
    parser.add_argument("--keep", type=Path, help="generate the projects here and keep them")
    parser.add_argument("--profile", metavar="CMD",
                        help="cProfile this command's second run (e.g. 'status --json')")
    parser.add_argument("--prepare-dist", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.prepare_dist:
        prepare_dist(options.prepare_dist)
        return
    sizes = sorted(int(n) for n in options.articles.split(","))
    verify = has_verify()
    base = options.keep or Path(tempfile.mkdtemp(prefix="scale-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    results = {}
    try:
        for n in sizes:
            target = base / f"articles-{n}"
            if target.exists():
                shutil.rmtree(target)
            results[n] = measure(target, n, verify, options.profile, base)
    finally:
        if options.keep is None and options.profile is None:
            shutil.rmtree(base, ignore_errors=True)
        elif options.profile:
            print(f"profiles and projects kept in {base}")
    report(sizes, results, verify)


if __name__ == "__main__":
    main()
