"""Runs localstripe (the Stripe emulator) for the tests.

    python serve.py --port 0

Binds 127.0.0.1 only (localstripe's own `start()` binds every interface),
keeps all state in memory (localstripe's pickle persistence in /tmp is turned
off, so parallel runs never share state), adds Checkout Sessions, fault
injection and a request log (checkout.py), then prints exactly one line
`LISTENING <port>` on stdout once it accepts connections.  Logs go to stderr.
SIGTERM or SIGINT stops it cleanly (exit status 0).
"""

import argparse
import asyncio
import logging
import os
import signal
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from localstripe import resources, server  # noqa: E402

# No persistence: localstripe pickles its whole store to
# /tmp/localstripe.pickle after every write and reloads it at start.
resources.Store.dump_to_disk = lambda self: None
resources.Store.try_load_from_disk = lambda self: None

import checkout  # noqa: E402


async def main(port):
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format='%(asctime)s %(name)s %(message)s')
    access_log = logging.getLogger('aiohttp.access')

    checkout.install(server.app)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(('127.0.0.1', port))
    sock.listen(128)
    port = sock.getsockname()[1]
    checkout.PUBLIC_BASE_URL = 'http://127.0.0.1:%d' % port

    runner = server.web.AppRunner(server.app, access_log=access_log,
                                  handle_signals=False)
    await runner.setup()
    site = server.web.SockSite(runner, sock)
    await site.start()

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    sys.stdout.write('LISTENING %d\n' % port)
    sys.stdout.flush()

    await stop.wait()
    logging.getLogger('serve').info('stopping')
    await runner.cleanup()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--port', type=int, default=0,
                        help='port on 127.0.0.1 (0: any free port)')
    return parser.parse_args()


if __name__ == '__main__':
    asyncio.run(main(parse_args().port))
    sys.exit(0)
