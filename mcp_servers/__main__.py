"""`python -m mcp_servers [name] [options]`: serve one server, by default all of them in one process."""

import sys

from mcp_servers.serve import main

args = sys.argv[1:]
name = "all"
if args and not args[0].startswith("-"):
    name, args = args[0], args[1:]
raise SystemExit(main(name, args))
