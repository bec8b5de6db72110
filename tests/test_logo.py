"""Logo uploads (issue 2; S13)."""
import io
import resource
import struct
import zlib

from listing_helpers import create_listing, post_listing
from PIL import Image

from directory.core.extensions import db
from directory.models import Listing


def png_bytes(size=(120, 60), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def bomb_png(side=30000) -> bytes:
    """A tiny file that claims 30000×30000 pixels (a decompression bomb)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = zlib.compress(b"\x00" * (side // 8 + 1) * 16)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def upload(client, pid, content, name="logo.png"):
    return post_listing(client, pid, {"company_name_en": "Logo Ltd", "logo": (io.BytesIO(content), name)})


def stored_logo(app, pid):
    with app.app_context():
        return db.session.scalar(db.select(Listing).filter_by(public_id=pid)).current.data.get("logo")


def test_real_png_is_reencoded_under_a_random_name_and_served_safely(client, app, member):
    pid = create_listing(client)
    original = png_bytes() + b"<script>alert(1)</script>"  # a polyglot tail
    assert upload(client, pid, original).status_code == 302
    name = stored_logo(app, pid)
    assert name and name.endswith(".png") and "logo" not in name
    response = client.get(f"/media/logos/{name}")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data != original and b"<script>" not in response.data
    assert Image.open(io.BytesIO(response.data)).size == (120, 60)
    response.close()


def test_text_file_named_png_is_refused_with_a_message(client, app, member):
    pid = create_listing(client)
    response = upload(client, pid, b"<html><script>alert(1)</script></html>")
    assert response.status_code == 200
    assert "not an image we can read" in response.get_data(as_text=True)
    assert stored_logo(app, pid) is None


def test_svg_with_script_is_refused(client, app, member):
    pid = create_listing(client)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload(client, pid, svg, "logo.svg")
    assert "not an image we can read" in response.get_data(as_text=True)


def test_gif_is_refused_as_wrong_format(client, app, member):
    pid = create_listing(client)
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    assert "PNG, JPEG or WebP" in upload(client, pid, out.getvalue(), "a.gif").get_data(as_text=True)


def test_oversized_logo_is_refused_with_a_message_and_input_kept(client, app, member):
    pid = create_listing(client)
    big = png_bytes() + b"\0" * (2 * 1024 * 1024)
    html = upload(client, pid, big).get_data(as_text=True)
    assert "larger than 2 MB" in html and "Logo Ltd" in html


def test_request_over_the_cap_is_413(client, app, member):
    pid = create_listing(client)
    response = upload(client, pid, b"\0" * (5 * 1024 * 1024))
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_decompression_bomb_is_refused_without_decoding_it(client, app, member):
    pid = create_listing(client)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    response = upload(client, pid, bomb_png())
    # A work bound, not a clock: decoding 30000×30000 pixels would need some 900 MB.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 100 * 1024
    assert "too large in pixels" in response.get_data(as_text=True)


def test_logo_kept_when_other_fields_have_errors(client, app, member):
    """A draft save never refuses (docs/decisions.md): the upload is stored with the rest at once."""
    pid = create_listing(client)
    html = post_listing(client, pid, {"br_number": "1", "logo": (io.BytesIO(png_bytes()), "l.png")}).get_data(as_text=True)
    assert "exactly 8 digits" in html
    import re
    logo = stored_logo(app, pid)
    assert logo and re.fullmatch(r"[0-9a-f]{32}\.png", logo), logo
    assert f"/media/logos/{logo}" in html  # shown on the page that flags the BR number
    post_listing(client, pid, {"br_number": "87654321"})
    assert stored_logo(app, pid) == logo


def test_bogus_logo_names_are_not_served(client):
    for name in ("../secret_key", "x.png", "..%2Fsecret_key"):
        assert client.get(f"/media/logos/{name}").status_code == 404


def test_pillow_is_loaded_by_the_first_upload_not_by_the_pages_that_name_logos(tmp_path):
    """Every web worker imports the member and public views (they name stored logos); Pillow
    (~3.5 MB a worker) is imported only when an upload is checked and re-encoded."""
    import json
    import subprocess  # nosec B404
    import sys
    from pathlib import Path
    script = """
import json, sys
import directory.members.views, directory.public.views
from directory.listings import logos
before = "PIL" in sys.modules
named = logos.is_stored_name("0" * 32 + ".png")
with open(sys.argv[2], "rb") as upload:
    stored = logos.store(upload, sys.argv[1], 10000)
print(json.dumps({"before": before, "named": named, "stored": logos.is_stored_name(stored),
                  "after": "PIL" in sys.modules}))
"""
    (tmp_path / "upload.png").write_bytes(png_bytes())
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path), str(tmp_path / "upload.png")], cwd=root,  # nosec B603
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == {"before": False, "named": True, "stored": True, "after": True}
