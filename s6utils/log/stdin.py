"""stdin cut into batches of complete lines: reads of at most 8191 bytes
(s6-log's input buffer), NUL read as a newline, lines longer than -l cut,
and after SIGTERM or SIGHUP the last line read byte by byte."""

import os

INBUF = 8191  # what one read of the C program's input buffer takes at most


class Input:
    """stdin and the unfinished line; ``batch(body, lines)`` gets the lines."""

    __slots__ = ("config", "batch", "partial", "exiting", "last_mode", "last_deadline")

    def __init__(self, config, batch):
        self.config = config
        self.batch = batch
        self.partial = b""       # an incomplete input line
        self.exiting = False     # stdin is closed
        self.last_mode = False   # after SIGTERM/SIGHUP: finish the line, then exit
        self.last_deadline = None  # when the unfinished last line is ended for it (monotonic)

    def close(self):
        try:
            os.close(0)
        except OSError:
            pass
        self.exiting = True

    def stop(self):
        """SIGTERM or SIGHUP: end after the current line."""
        if not self.exiting:
            if not self.last_mode and self.config.lastlinetimeout:
                import time
                self.last_deadline = time.monotonic() + self.config.lastlinetimeout / 1000
            self.last_mode = True
            if not self.partial:
                self.close()

    def expire(self):
        """-t ran out: the unfinished line gets its newline and is the last."""
        line = self.partial
        self.partial = b""
        self.close()
        self.batch(line + b"\n", [line])

    def read(self):
        if self.last_mode:
            self.read_last()
        else:
            self.read_normal()

    def hang_up(self):
        """stdin reported an error: the unfinished line is the last one."""
        self.close()
        if self.partial:
            line = self.partial
            self.partial = b""
            self.batch(line + b"\n", [line])

    def read_normal(self):
        try:
            data = os.read(0, INBUF)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:
            if e.errno != 32:
                self.config.warnsys(b"read from stdin", e.errno)
            self.close()
            return
        if not data:
            # end of stdin: an unfinished line is dropped, as s6-log does
            self.close()
            return
        self.take(data)

    def take(self, data):
        """Process a chunk of input: every complete line, then the long
        unfinished one in pieces of linelimit bytes."""
        if b"\0" in data:
            # s6-log 2.11 ends a line at a NUL as at a newline
            data = data.replace(b"\0", b"\n")
        buf = self.partial + data if self.partial else data
        k = buf.rfind(b"\n")
        if k < 0:
            body = b""
            rest = buf
        elif k + 1 == len(buf):
            body = buf
            rest = b""
        else:
            body = buf[:k + 1]
            rest = buf[k + 1:]
        limit = self.config.linelimit
        lines = None
        if limit and len(body) > limit + 1:
            lines = body[:-1].split(b"\n")
            if max(map(len, lines)) > limit:
                lines = _split_long(lines, limit)
                body = None
        if limit and len(rest) > limit:
            if lines is None:
                lines = body[:-1].split(b"\n") if body else []
            while len(rest) > limit:
                lines.append(rest[:limit])
                rest = rest[limit:]
            body = None
        self.partial = rest
        if body is None:
            if lines:
                self.batch(b"\n".join(lines) + b"\n", lines)
        elif body:
            self.batch(body, lines)

    def read_last(self):
        """After SIGTERM/SIGHUP: read byte by byte up to the end of the line."""
        buf = bytearray(self.partial)
        limit = self.config.linelimit
        while True:
            try:
                c = os.read(0, 1)
            except (BlockingIOError, InterruptedError):
                self.partial = bytes(buf)
                return
            except OSError as e:
                if e.errno != 32:
                    self.config.warnsys(b"read from stdin", e.errno)
                c = b""
            if not c:
                if not buf:
                    self.partial = b""
                    self.close()
                    return
                break
            if c == b"\n" or c == b"\0":
                break
            buf += c
            if limit and len(buf) > limit:
                self.config.warn(b"input line too long, stopping before the end")
                break
        self.partial = b""
        line = bytes(buf)
        self.batch(line + b"\n", [line])
        self.close()


def _split_long(lines, limit):
    out = []
    for line in lines:
        while len(line) > limit:
            out.append(line[:limit])
            line = line[limit:]
        out.append(line)
    return out
