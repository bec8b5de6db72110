"""Logo uploads (S13): verified and re-encoded with Pillow, stored under a random name.

Nothing the member uploads is ever served as-is: the stored file is a PNG that Pillow wrote,
so HTML or script hidden in a polyglot is gone.

A logo is stored as soon as it is uploaded (so a form with other errors keeps it); files no
revision names are removed by `sweep_orphan_logos` once they are a day old (S35), run by the
background worker every hour and by `flask listings sweep-logos`.

Pillow (~3.5 MB a process) is imported by ``store`` when an upload is checked, not at the top:
every web worker imports this module (the views name stored logos), few ever receive an upload.
"""
import io
import os
import secrets
import time
import warnings
from datetime import timedelta
from pathlib import Path

ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP"}
MAX_PIXELS = 25_000_000  # 5000×5000; far above any logo, far below a decompression bomb
MAX_SIDE = 800  # stored size: enough for a profile page at 2× density


class LogoError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # too_large | not_image | wrong_format | too_many_pixels


def _read_limited(stream, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LogoError("too_large")
    return data


def store(stream, folder: str | os.PathLike, max_bytes: int) -> str:
    """Check, re-encode and save an uploaded logo; returns the stored file name."""
    raw = _read_limited(stream, max_bytes)
    if not raw:
        raise LogoError("not_image")
    from PIL import Image, UnidentifiedImageError  # here, not at import: see the module's docstring
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise LogoError("wrong_format")
                width, height = probe.size  # read from the header, before any pixel is decoded
                if width * height > MAX_PIXELS:
                    raise LogoError("too_many_pixels")
                probe.verify()
            with Image.open(io.BytesIO(raw)) as image:
                image.load()
                image = image.convert("RGBA")
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                out = io.BytesIO()
                image.save(out, format="PNG", optimize=True)
    except LogoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise LogoError("too_many_pixels") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise LogoError("not_image") from exc
    name = f"{secrets.token_hex(16)}.png"
    target = Path(folder) / "logos"
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / f".{name}.tmp"
    tmp.write_bytes(out.getvalue())
    os.replace(tmp, target / name)
    return name


def is_stored_name(name: str) -> bool:
    return len(name) == 36 and name.endswith(".png") and all(c in "0123456789abcdef" for c in name[:32])


ORPHAN_AGE = timedelta(days=1)  # longer than anyone keeps a form with an unsaved upload open


def referenced_logos() -> set[str]:
    """Every logo file name any stored revision names (published, pending or history)."""
    from directory.core.extensions import db
    from directory.models import ListingRevision
    names = db.session.scalars(db.select(ListingRevision.data["logo"].as_string()).distinct())
    return {name for name in names if name}


def sweep_orphan_logos(older_than: timedelta = ORPHAN_AGE, folder: str | os.PathLike | None = None) -> list[str]:
    """Delete stored logos (and left-over temporary files) that no revision names and that are
    older than `older_than`; returns the names removed. The age keeps an upload that a save is
    about to name."""
    if folder is None:
        from flask import current_app
        folder = current_app.config["UPLOAD_DIR"]
    target = Path(folder) / "logos"
    if not target.is_dir():
        return []
    cutoff = time.time() - older_than.total_seconds()
    candidates = []
    for path in target.iterdir():
        name = path.name
        stored, temporary = is_stored_name(name), name.startswith(".") and name.endswith(".png.tmp")
        try:
            if (stored or temporary) and path.is_file() and path.stat().st_mtime < cutoff:
                candidates.append((path, stored))
        except FileNotFoundError:
            continue  # removed meanwhile
    if not candidates:
        return []
    keep = referenced_logos()  # read after listing the folder: a name saved meanwhile is kept
    removed = []
    for path, stored in candidates:
        if stored and path.name in keep:
            continue
        try:
            path.unlink()
            removed.append(path.name)
        except FileNotFoundError:
            pass
    return removed


def _register_with_worker() -> None:
    from directory.core import worker
    worker.register("sweep-logos", 3600, lambda: sweep_orphan_logos())


_register_with_worker()
