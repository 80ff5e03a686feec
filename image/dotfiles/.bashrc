# shellcheck shell=bash
# ~/.bashrc: seeded once by the devspace image. It is yours now: the image never
# overwrites it. The image's current version is in /etc/skel-devspaces/.bashrc.

# Only for interactive shells.
case $- in *i*) ;; *) return ;; esac

# PATH for tools you install yourself (npm -g, pipx, go install).
[ -r /etc/profile.d/devspaces.sh ] && . /etc/profile.d/devspaces.sh

HISTSIZE=50000
HISTFILESIZE=100000
HISTCONTROL=ignoreboth:erasedups
shopt -s histappend checkwinsize globstar

[ -r /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion

# Prompt: user@devspace:dir (git branch)
__devspace_branch() {
  local b
  b=$(git symbolic-ref --short HEAD 2>/dev/null) || return 0
  printf ' (%s)' "$b"
}
PS1='\[\e[32m\]\u@${DEVSPACE_OWNER:-devspace}\[\e[0m\]:\[\e[34m\]\w\[\e[33m\]$(__devspace_branch)\[\e[0m\]\$ '

export EDITOR=vim VISUAL=vim PAGER=less LESS=-FRX

# Listing and navigation
alias ls='ls --color=auto'
alias ll='ls -alhF'
alias la='ls -A'
alias ..='cd ..'
alias ...='cd ../..'
alias grep='grep --color=auto'

# git
alias g='git'
alias gs='git status -sb'
alias gd='git diff'
alias gds='git diff --staged'
alias gl='git log --oneline --graph --decorate -20'
alias gco='git checkout'
alias gcb='git checkout -b'
alias gp='git push'
alias gpl='git pull'
alias lg='lazygit'

# Kubernetes
alias k='kubectl'
alias kx='kubectx'
alias kn='kubens'
alias kgp='kubectl get pods'
alias kl='kubectl logs -f'
if command -v kubectl >/dev/null 2>&1; then
  # shellcheck source=/dev/null
  . <(kubectl completion bash)
  complete -o default -F __start_kubectl k
fi

# fzf: Ctrl-R history, Ctrl-T files, Alt-C directories; ripgrep lists the files.
if command -v fzf >/dev/null 2>&1; then
  export FZF_DEFAULT_COMMAND='rg --files --hidden --glob "!.git"'
  export FZF_CTRL_T_COMMAND="$FZF_DEFAULT_COMMAND"
  eval "$(fzf --bash 2>/dev/null)"
fi

# Python: make a virtual environment per project (Debian's python refuses global pip installs).
alias venv='python3 -m venv .venv && . .venv/bin/activate'

# Your own additions can also go in ~/.bashrc.local, which this file reads last.
[ -r "$HOME/.bashrc.local" ] && . "$HOME/.bashrc.local"
