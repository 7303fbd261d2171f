# careen tools, group "b": programs, sources, man pages.
