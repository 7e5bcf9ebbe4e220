#!/usr/bin/env python3
"""A minimal SMTP server for the stack test: stores every message as a file in a directory.

    python3 deploy/ci/smtp_sink.py --port 18025 --dir /tmp/mail

The platform sends through its real SMTP backend (EMAIL_URL=smtp://127.0.0.1:18025), so the Celery
worker's e-mails (report confirmation links) can be read by the driver. Standard library only; never
for production.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
from pathlib import Path

counter = itertools.count(1)


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, out: Path) -> None:
    def reply(line: str) -> None:
        writer.write(line.encode() + b"\r\n")

    reply("220 stack-test smtp sink")
    await writer.drain()
    while line := await reader.readline():
        command = line.decode("utf-8", "replace").strip()
        verb = command.split(" ", 1)[0].upper()
        if verb in ("EHLO", "HELO"):
            reply("250 sink")
        elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
            reply("250 OK")
        elif verb == "DATA":
            reply("354 end with .")
            await writer.drain()
            lines = []
            while (data := await reader.readline()) not in (b".\r\n", b".\n", b""):
                lines.append(data[1:] if data.startswith(b"..") else data)
            path = out / f"{next(counter):05d}.eml"
            path.with_suffix(".tmp").write_bytes(b"".join(lines))
            path.with_suffix(".tmp").rename(path)  # the driver never reads half a message
            reply("250 stored")
        elif verb == "QUIT":
            reply("221 bye")
            await writer.drain()
            break
        else:
            reply("502 not implemented")
        await writer.drain()
    writer.close()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    server = await asyncio.start_server(lambda r, w: handle(r, w, args.dir), "127.0.0.1", args.port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
