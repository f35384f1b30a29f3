#!/usr/bin/env python3
"""A UDP relay for TFTP on loopback that holds every datagram for a fixed one-way delay.

This machine's kernel has no netem, so bench/tftp-window-rtt.sh puts this relay between atftp and
our TFTP server to give the transfer a round trip (RFC 7440 §1: the window saves round trips).

    udp_delay_relay.py --listen PORT --server PORT --delay-ms MS [--lifetime S] [--idle S]

* The client sends its RRQ/WRQ to 127.0.0.1:--listen. The relay opens two sockets for that
  transfer: one towards the server, which forwards the request to 127.0.0.1:--server, and one
  towards the client. The first reply's source port is the server's transfer ID (RFC 1350 §4);
  later datagrams from the client go there. Replies reach the client from the relay's own
  transfer socket, so the client sees a TID change as with a direct server.
* Each direction is one FIFO: a datagram leaves delay-ms after it was read, never earlier, in
  the order it came; nothing is dropped or reordered. Datagrams from unknown ports are counted
  and dropped (they are not part of a transfer), as are datagrams still held for a transfer
  whose client started over from the same port.
* Only 127.0.0.1. The relay exits by itself after --lifetime seconds, after --idle seconds
  without a datagram, or on SIGTERM/SIGINT; then it prints what it did (one line per transfer,
  one summary line) on standard output.
"""
import argparse
import collections
import ctypes
import selectors
import signal
import socket
import sys
import time

LOOPBACK = "127.0.0.1"
TRANSFER_IDLE_S = 10.0  # a transfer's sockets are closed this long after its last datagram
MAX_WAIT_S = 0.2        # the loop looks at the clock and the stop flag at least this often


def request_options(datagram):
    """The file name and options of a TFTP RRQ/WRQ (RFC 1350 §5, RFC 2347), for the log."""
    fields = datagram[2:].split(b"\0")
    name = fields[0].decode("ascii", "replace") if fields else ""
    options = {}
    for i in range(2, len(fields) - 1, 2):
        options[fields[i].decode("ascii", "replace").lower()] = fields[i + 1].decode("ascii", "replace")
    return name, options


class Transfer:
    """One client's transfer: a socket facing the client and one facing the server."""

    def __init__(self, client, server_port, request, now, cpu):
        self.client = client
        self.server = (LOOPBACK, server_port)  # the listen port until the server's TID is known
        self.server_tid_known = False
        self.name, self.options = request_options(request)
        self.to_client = open_socket()
        self.to_server = open_socket()
        self.first = self.last = now
        self.cpu_first = self.cpu_last = cpu
        self.from_client = 0
        self.from_server = 0
        self.closed = False

    def close(self, selector):
        self.closed = True
        for sock in (self.to_client, self.to_server):
            selector.unregister(sock)
            sock.close()

    def report(self):
        options = " ".join(f"{k}={v}" for k, v in sorted(self.options.items()))
        return (f"transfer client_port={self.client[1]} file={self.name} {options} "
                f"from_client={self.from_client} from_server={self.from_server} "
                f"wall_ms={(self.last - self.first) * 1e3:.3f} relay_cpu_ms={(self.cpu_last - self.cpu_first) * 1e3:.3f}")


def open_socket(port=0):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.bind((LOOPBACK, port))
    sock.setblocking(False)
    return sock


def lower_timer_slack():
    """Wake-ups come up to the thread's timer slack (50 µs by default) late; ask for 1 ns."""
    try:
        ctypes.CDLL(None).prctl(29, *(ctypes.c_ulong(v) for v in (1, 0, 0, 0)))  # PR_SET_TIMERSLACK
    except (OSError, AttributeError):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", type=int, required=True, help="loopback port the client sends its request to")
    parser.add_argument("--server", type=int, required=True, help="the TFTP server's loopback listen port")
    parser.add_argument("--delay-ms", type=float, required=True, help="one-way delay, each direction")
    parser.add_argument("--lifetime", type=float, default=300.0, help="exit after this many seconds")
    parser.add_argument("--idle", type=float, default=60.0, help="exit after this many seconds without a datagram")
    args = parser.parse_args()
    if args.delay_ms < 0 or args.lifetime <= 0 or args.idle <= 0:
        parser.error("delay must be >= 0, lifetime and idle > 0")
    delay = args.delay_ms / 1e3

    lower_timer_slack()
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))

    # select(2) takes its timeout in microseconds; epoll and poll round up to whole milliseconds,
    # which would turn a 0.5 ms hold into 1 ms.
    selector = selectors.SelectSelector()
    listen = open_socket(args.listen)
    selector.register(listen, selectors.EVENT_READ, None)
    transfers = {}           # client address -> Transfer
    finished = []
    to_server = collections.deque()  # (due, transfer, towards the server?, datagram)
    to_client = collections.deque()
    late = []                # seconds each datagram left after its due time
    dropped = 0
    start = last_datagram = time.monotonic()
    print(f"relay listening on {LOOPBACK}:{args.listen} -> {LOOPBACK}:{args.server}, "
          f"one-way delay {args.delay_ms} ms", flush=True)

    while not stop:
        now = time.monotonic()
        if now - start > args.lifetime or now - last_datagram > args.idle:
            break
        heads = [q[0][0] for q in (to_server, to_client) if q]
        wait = min([MAX_WAIT_S] + [h - now for h in heads])
        events = selector.select(max(wait, 0.0))
        now = time.monotonic()
        cpu = time.process_time()
        for key, _ in events:
            sock = key.fileobj
            while True:
                try:
                    datagram, source = sock.recvfrom(65536)
                except (BlockingIOError, InterruptedError):
                    break
                last_datagram = now
                if source[0] != LOOPBACK:
                    dropped += 1
                    continue
                transfer = key.data
                if transfer is None and source in transfers and not transfers[source].server_tid_known:
                    transfer = transfers[source]  # the client sent its request again: same transfer
                elif transfer is None:  # a new request on the listen port
                    old = transfers.pop(source, None)
                    if old:
                        old.close(selector)
                        finished.append(old)
                    transfer = Transfer(source, args.server, datagram, now, cpu)
                    transfers[source] = transfer
                    selector.register(transfer.to_client, selectors.EVENT_READ, transfer)
                    selector.register(transfer.to_server, selectors.EVENT_READ, transfer)
                if sock is transfer.to_server:
                    if not transfer.server_tid_known:
                        transfer.server = source
                        transfer.server_tid_known = True
                    elif source != transfer.server:
                        dropped += 1
                        continue
                    transfer.from_server += 1
                    to_client.append((now + delay, transfer, False, datagram))
                else:
                    if source != transfer.client:
                        dropped += 1
                        continue
                    transfer.from_client += 1
                    to_server.append((now + delay, transfer, True, datagram))
                transfer.last = now
        for queue in (to_server, to_client):
            now = time.monotonic()
            while queue and queue[0][0] <= now:
                due, transfer, towards_server, datagram = queue[0]
                if transfer.closed:  # the client started over from the same port
                    queue.popleft()
                    dropped += 1
                    continue
                try:
                    if towards_server:
                        transfer.to_server.sendto(datagram, transfer.server)
                    else:
                        transfer.to_client.sendto(datagram, transfer.client)
                except (BlockingIOError, InterruptedError):
                    break  # socket buffer full: the rest waits, in order
                queue.popleft()
                late.append(now - due)
                transfer.last = now
                transfer.cpu_last = time.process_time()
        for transfer in list(transfers.values()):
            if now - transfer.last > TRANSFER_IDLE_S:
                del transfers[transfer.client]
                transfer.close(selector)
                finished.append(transfer)

    for transfer in transfers.values():
        transfer.close(selector)
        finished.append(transfer)
    for transfer in finished:
        print(transfer.report())
    late.sort()
    n = len(late)
    pct = lambda p: late[min(n - 1, int(p * n))] * 1e6 if n else 0.0
    mean = sum(late) / n * 1e6 if n else 0.0
    print(f"summary transfers={len(finished)} datagrams={n} dropped={dropped} pending={len(to_server) + len(to_client)} "
          f"cpu_s={time.process_time():.3f} wall_s={time.monotonic() - start:.3f} "
          f"late_us_mean={mean:.1f} late_us_p50={pct(0.5):.1f} late_us_p99={pct(0.99):.1f} late_us_max={pct(1.0):.1f}",
          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
