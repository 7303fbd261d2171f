# careen tools, group "resize": programs, sources, man pages.
