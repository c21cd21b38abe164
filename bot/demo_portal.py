"""The school's web portal as far as `loa demo` needs it: a small local site on 127.0.0.1
standing in for a real one, serving the news article and its picture (posted as a news card)
and a school's paper (submitted from Zalo as `NOP 2 <link>`)."""

from __future__ import annotations

import struct
import zlib

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

PAPER = "/tai-lieu/tham-luan-truong-chinh-tri-tinh-thai-binh.pdf"
ARTICLE = "/tin-tuc/hoi-nghi-so-ket-cum-thi-dua-so-3"
ARTICLE_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta property="og:site_name" content="Trường Chính trị Tô Hiệu">
<title>Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024 - Trường Chính trị Tô Hiệu</title>
</head><body>
<a href="#content" class="skip">Truy cập nội dung luôn</a>
<nav><a href="/">Trang chủ</a> | <a href="/tin-tuc">Tin tức - Sự kiện</a></nav>
<main id="content">
<h1>Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024 Cụm thi đua số 3</h1>
<div class="date">Ngày đăng 20/06/2024 | 9:59 AM</div><div class="views">Lượt xem: 125</div>
<p><img src="/anh/hoi-nghi.png" alt="Quang cảnh hội nghị"></p>
<p>Sáng ngày 19/6/2024, tại Trường Đào tạo cán bộ Lê Hồng Phong, Cụm thi đua số 3 đã tổ chức
Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024, triển khai nhiệm vụ 6 tháng cuối năm.
Tham dự hội nghị có đồng chí Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm.</p>
<p class="author">Tin và ảnh: Phòng Quản lý đào tạo</p>
</main></body></html>
"""


def _pdf(line: str) -> bytes:
    """A one-page PDF showing `line` (ASCII), built by hand: header, five objects, the
    cross-reference table with each object's byte offset, the trailer."""
    stream = f"BT /F1 14 Tf 72 760 Td ({line}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % table
    return bytes(out)


def _png(width: int = 64, height: int = 40) -> bytes:
    """A small solid-colour PNG: the article's picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xb0\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(rows)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def portal() -> Starlette:
    """The portal: the article, its picture and the paper."""

    async def article(request: Request) -> Response:
        return Response(ARTICLE_PAGE, media_type="text/html; charset=utf-8")

    async def picture(request: Request) -> Response:
        return Response(_png(), media_type="image/png")

    async def paper(request: Request) -> Response:
        return Response(
            _pdf("Tham luan - Truong Chinh tri tinh Thai Binh"), media_type="application/pdf"
        )

    routes = [Route(ARTICLE, article), Route("/anh/hoi-nghi.png", picture), Route(PAPER, paper)]
    return Starlette(routes=routes)
