# shellcheck shell=sh
# ~/.profile: read by login shells (ssh sessions). Seeded once by the devspace image; this
# file is yours now and is never overwritten.
if [ -n "$BASH_VERSION" ] && [ -f "$HOME/.bashrc" ]; then
  . "$HOME/.bashrc"
fi
