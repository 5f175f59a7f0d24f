#!/usr/bin/env python3
"""make-seeds.py OUT_DIR LOG... - write seed inputs for the reader fuzz
targets from real logs (run by hand; the results were minimised with
run-fuzz.sh merge and committed under corpus/). Needs the zstd program.

OUT_DIR/reader: each log as is, cut at several points, with flipped
bytes, with huge declared lengths (sizes, counts, ids, strings), unknown
record types, wrong versions, a 64 KiB process name, non-UTF-8 command
lines. OUT_DIR/blocks: the record streams (input of fuzz_blocks.c)."""
import os, struct, subprocess, sys, zlib

HDR, MRK = 0x184D2A50, 0x184D2A51


def varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def parse(log):
    """header payload, [(seq, content)] of every sound block"""
    n = struct.unpack_from("<I", log, 4)[0]
    header = log[8:8 + n]
    off, blocks = 8 + n, []
    while off + 32 <= len(log):
        magic, _, sync, seq, fsize, csize = struct.unpack_from("<II4sIII", log, off)
        if magic != MRK or sync != b"PSRB":
            break
        frame = log[off + 32:off + 32 + fsize]
        content = subprocess.run(["zstd", "-q", "-dc"], input=frame,
                                 capture_output=True).stdout
        blocks.append((seq, content))
        off += 32 + fsize
    return header, blocks


def frame(content):
    return subprocess.run(["zstd", "-q", "-c", "-1", f"--stream-size={len(content)}"],
                          input=content, capture_output=True).stdout


def build(header, blocks):
    out = bytearray(struct.pack("<II", HDR, len(header)) + header)
    for seq, content in blocks:
        f = frame(content)
        m = bytearray(b"PSRB" + struct.pack("<IIII", seq, len(f), len(content), 0))
        m += struct.pack("<I", zlib.crc32(bytes(m[:20])))
        out += struct.pack("<II", MRK, 24) + m + f
    return bytes(out)


def records(content):
    """[(type, payload)] of a block's records"""
    out, p = [], 0
    while p < len(content):
        t = content[p]
        p += 1
        n, shift = 0, 0
        while True:
            b = content[p]
            p += 1
            n |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        out.append((t, content[p:p + n]))
        p += n
    return out


def join(recs):
    return b"".join(bytes([t]) + varint(len(p)) + p for t, p in recs)


def process(pid_id, comm, cmdline, flags=0):
    return (2, varint(pid_id) + varint(1000 + pid_id) + varint(1) + varint(42)
            + varint(0) + varint(flags) + varint(len(comm)) + comm
            + varint(len(cmdline)) + cmdline)


def variants(name, log):
    yield name, log
    for frac in (0.1, 0.5, 0.9):
        yield f"{name}-cut{int(frac * 100)}", log[:int(len(log) * frac)]
    yield f"{name}-cut-header", log[:20]
    for at in (9, 30, len(log) // 3, len(log) // 2, len(log) - 5):
        b = bytearray(log)
        b[at] ^= 0x5A
        yield f"{name}-flip{at}", bytes(b)
    header, blocks = parse(log)
    if not blocks:
        return
    b = bytearray(log)
    struct.pack_into("<I", b, 4, 0xFFFFFFF0)
    yield f"{name}-huge-header", bytes(b)
    # wrong versions: newer writer (readable), newer min_reader (refused)
    for v, mr in ((2, 1), (9, 9), (0, 0)):
        h = bytearray(header)
        struct.pack_into("<HH", h, 8, v, mr)
        yield f"{name}-version{v}-{mr}", build(bytes(h), blocks)
    # huge declared lengths in a marker with a right CRC
    first = 8 + len(header)
    for field, value in ((16, 0x7FFFFFFF), (20, 64 << 20), (20, (64 << 20) + 1)):
        b = bytearray(log)
        struct.pack_into("<I", b, first + field, value)
        struct.pack_into("<I", b, first + 28, zlib.crc32(bytes(b[first + 8:first + 28])))
        yield f"{name}-marker{field}-{value}", bytes(b)
    seq, content = blocks[0]
    recs = records(content)
    # unknown record types, in the middle and at the end
    mid = recs[:2] + [(0x7F, b"later"), (0xFF, b"")] + recs[2:] + [(0x42, b"\x01\x02")]
    yield f"{name}-unknown-types", build(header, [(seq, join(mid))] + blocks[1:])
    # a record length beyond the block
    yield f"{name}-reclen", build(header, [(seq, content + b"\x03\xff\xff\xff\x0f")])
    # a SAMPLE with a count in the billions
    samp = (3, varint(1000) + varint(0) + varint(3_000_000_000) + b"\x01\x00" * 8)
    yield f"{name}-count", build(header, [(seq, join(recs[:3] + [samp]))])
    # process ids: huge, sparse, a 64 KiB name, a non-UTF-8 command line
    big = [process((1 << 24) - 1, b"x", b"a\0"), process(1 << 23, b"y", b"b\0"),
           process(0xFFFFFFFFFFFF, b"z", b"")]
    yield f"{name}-ids", build(header, [(seq, join(recs[:1] + big + recs[1:]))])
    odd = [process(90, b"n" * 65536, b"\xff\xfe,\"quote\"\n\x80\0arg\0"),
           process(91, b"c,o\"m\nm\xc3\x28", b"\xed\xa0\x80\0")]
    yield f"{name}-strings", build(header, [(seq, join(recs[:1] + odd + recs[1:]))])


def main():
    out, logs = sys.argv[1], sys.argv[2:]
    for sub in ("reader", "blocks"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    for path in logs:
        name = os.path.splitext(os.path.basename(path))[0]
        log = open(path, "rb").read()
        for vname, data in variants(name, log):
            open(os.path.join(out, "reader", vname), "wb").write(data)
        header, blocks = parse(log)
        count = len(header) and header_metric_count(header)
        pick = {19: 0, 26: 1, 30: 2}.get(count, (count - 1) % 62 + 3)
        stream = b"#BLK".join(c for _, c in blocks)
        open(os.path.join(out, "blocks", name), "wb").write(bytes([pick]) + stream)


def header_metric_count(header):
    fixed = struct.unpack_from("<H", header, 12)[0]
    p = 16 + fixed
    while p + 3 <= len(header):
        tag, n = header[p], struct.unpack_from("<H", header, p + 1)[0]
        if tag == 5:
            return n
        p += 3 + n
    return 0


if __name__ == "__main__":
    main()
