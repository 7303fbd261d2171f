# careen tools, group "a": programs, sources, man pages.
