# careen tools, group "sparsify": programs, sources, man pages.
