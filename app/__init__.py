"""The shells: the `zhanggui` CLI and (later) the web app."""
