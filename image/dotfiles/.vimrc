" ~/.vimrc: seeded once by the devspace image; yours now, never overwritten.
set nocompatible
filetype plugin indent on
syntax on

set encoding=utf-8
set number relativenumber
set ruler showcmd laststatus=2
set hidden
set mouse=a
set backspace=indent,eol,start
set expandtab shiftwidth=2 softtabstop=2 tabstop=8 autoindent
set incsearch hlsearch ignorecase smartcase
set scrolloff=4 sidescrolloff=8
set wildmenu wildmode=longest:full,full
set splitbelow splitright
set updatetime=300

" Undo history, swap and backup files live on the home volume, out of the projects.
set undofile
set undodir=~/.vim/undo// directory=~/.vim/swap// backupdir=~/.vim/backup//
for s:dir in ['undo', 'swap', 'backup']
  call mkdir(expand('~/.vim/' . s:dir), 'p', 0700)
endfor

let mapleader = ' '
nnoremap <leader><space> :nohlsearch<CR>
nnoremap <leader>w :write<CR>

autocmd FileType go setlocal noexpandtab tabstop=4 shiftwidth=4
autocmd FileType python setlocal shiftwidth=4 softtabstop=4
autocmd FileType make setlocal noexpandtab
