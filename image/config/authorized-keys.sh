#!/bin/sh
# sshd's AuthorizedKeysCommand: prints the owner's public keys from the mounted Secret.
# sshd requires this file and its directories to be root-owned and not writable by others.
# Usage: authorized-keys USER
keys=/etc/devspaces/ssh/authorized_keys
[ "${1:-}" = developer ] || exit 0
[ -r "$keys" ] || exit 0
exec cat -- "$keys"
