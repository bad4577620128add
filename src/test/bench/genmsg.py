#!/usr/bin/env python3
"""Writes a MIME message of about SIZE MiB: a short text part and a base64 attachment (76-char lines, CRLF).
Usage: genmsg.py OUT SIZE_MIB. Streams, so 1 GiB needs no memory; same seed, same bytes."""
import base64, random, sys

out, mib = sys.argv[1], float(sys.argv[2])
target = int(mib * 1024 * 1024)
head = (b"From: a@x.test\r\nTo: b@y.test\r\nSubject: benchmark message\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=\"BOUNDARY\"\r\n\r\n"
        b"--BOUNDARY\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee the attachment.\r\n\r\n"
        b"--BOUNDARY\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Disposition: attachment; filename=\"blob.bin\"\r\n\r\n")
tail = b"--BOUNDARY--\r\n"
rng = random.Random(9)
block = rng.randbytes(57 * 16384)          # 57 bytes -> one 76-char line
lines = b"".join(base64.b64encode(block[i:i + 57]) + b"\r\n" for i in range(0, len(block), 57))
with open(out, "wb") as f:
    f.write(head)
    left = target - len(head) - len(tail)
    while left > 0:
        chunk = lines[:min(len(lines), left - left % 78 if left >= 78 else 0)]
        if not chunk:
            break
        f.write(chunk)
        left -= len(chunk)
    f.write(b"\r\n" + tail)
