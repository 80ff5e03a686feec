# shellcheck shell=sh
# Login shells (ssh sessions) get the same PATH as the container's processes, plus the
# places where the developer's own tools land: ~/.local/bin (npm -g, pipx) and ~/go/bin.
case ":$PATH:" in *:/usr/local/go/bin:*) ;; *) PATH="/usr/local/go/bin:$PATH" ;; esac
for dir in "$HOME/go/bin" "$HOME/.local/bin"; do
  case ":$PATH:" in *":$dir:"*) ;; *) PATH="$dir:$PATH" ;; esac
done
unset dir
export PATH
