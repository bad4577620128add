#!/usr/bin/env python3
"""Baseline: Python's smtplib sendmail of a message file. Usage: smtplib_send.py PORT FILE RCPTS.
Prints the seconds from connect to QUIT (the file is read before the clock starts)."""
import smtplib, sys, time

port, path, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with open(path, "rb") as f:
    data = f.read()
t0 = time.perf_counter()
with smtplib.SMTP("127.0.0.1", port, timeout=120) as s:
    s.sendmail("a@x.test", ["r%d@y.test" % i for i in range(n)], data)
print("%.6f" % (time.perf_counter() - t0))
