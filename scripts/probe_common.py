"""What the probes share: the loopback host, the record of failed checks, the server's memory."""

HOST = "127.0.0.1"
failures = []


def check(condition, message):
    """Prints one check; a failed one is remembered for the exit status."""
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def rss_kib(pid):
    """The resident memory of process `pid` in KiB (0 when unknown)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0
