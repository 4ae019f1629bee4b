"""Stage 5, publish: ``dist/``, what the clinic hands out.

Takes in the project and the render stage; gives out every handout in every
locale and variant (:mod:`.batch`), the manifest that records them and the
hash of their inputs (:mod:`.manifest`), the staff library page and its cache
(:mod:`.library`, :mod:`.library_cache`, :mod:`.thumbnails`), per-locale
bundles (:mod:`.bundle`), web pages (:mod:`.web`) and the translation status
report (:mod:`.status`).

The last stage: it may import every other one.
"""
